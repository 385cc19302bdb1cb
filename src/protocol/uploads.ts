import type { AttachmentKind } from './api.ts';

/** The largest file a visitor may send; the relay may be configured lower (UPLOAD_MAX_BYTES), never higher. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * What visitors may upload, by content type, and what each is drawn as. Media types are the ones browsers play;
 * everything else goes as a file. SVG and HTML are absent on purpose: they can carry script.
 */
export const UPLOAD_TYPES: Readonly<Record<string, AttachmentKind>> = {
  'image/png': 'image',
  'image/jpeg': 'image',
  'image/gif': 'image',
  'image/webp': 'image',
  'audio/mpeg': 'audio',
  'audio/ogg': 'audio',
  'audio/wav': 'audio',
  'audio/x-wav': 'audio',
  'audio/webm': 'audio',
  'audio/mp4': 'audio',
  'audio/aac': 'audio',
  'video/mp4': 'video',
  'video/webm': 'video',
  'video/ogg': 'video',
  'video/quicktime': 'video',
  'application/pdf': 'file',
  'text/plain': 'file',
  'text/csv': 'file',
  'application/zip': 'file',
  'application/msword': 'file',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'file',
  'application/vnd.ms-excel': 'file',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'file',
  'application/vnd.ms-powerpoint': 'file',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'file',
  'application/vnd.oasis.opendocument.text': 'file',
  'application/vnd.oasis.opendocument.spreadsheet': 'file',
};

/** The attachment kind for a content type (parameters like `; charset=` ignored), or undefined when not accepted. */
export const uploadKind = (contentType: string): AttachmentKind | undefined => {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return Object.hasOwn(UPLOAD_TYPES, type) ? UPLOAD_TYPES[type] : undefined;
};

import { UPLOAD_TYPES, uploadKind, type AttachmentKind } from '../../src/protocol/index.ts';
import { HttpError } from '../http/errors.ts';

/** "10 MB", "0.5 MB", "0.000954 MB": binary megabytes, as the widget shows sizes. */
export const formatMb = (bytes: number): string => `${Number((bytes / 1024 / 1024).toPrecision(3))} MB`;

export const tooLarge = (maxBytes: number): HttpError =>
  new HttpError(413, 'upload_too_large', `the file is larger than the upload limit of ${formatMb(maxBytes)} (${maxBytes} bytes)`);

export const emptyUpload = (): HttpError => new HttpError(400, 'empty_upload', 'the file is empty');

export const typeMismatch = (mime: string): HttpError => new HttpError(415, 'type_mismatch', `the file's content does not match its declared type ${mime}`);

const ACCEPTED = (['image', 'audio', 'video', 'file'] as const)
  .map(
    (kind) =>
      `${kind}: ${Object.keys(UPLOAD_TYPES)
        .filter((type) => UPLOAD_TYPES[type] === kind)
        .join(', ')}`,
  )
  .join('; ');

/** The declared Content-Type as stored (no parameters, lower case) and what it is drawn as; else 415. */
export const acceptType = (contentType: string | undefined): { mime: string; kind: AttachmentKind } => {
  const mime = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const kind = uploadKind(mime);
  if (!kind) {
    const named = mime === '' ? 'no Content-Type' : `type "${mime.slice(0, 100)}"`;
    throw new HttpError(415, 'unsupported_type', `files of ${named} are not accepted; accepted types by kind — ${ACCEPTED}`);
  }
  return { mime, kind };
};

import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { createMediaLibrary } from '../standins/media/index.ts';
import type { MediaSource } from './types.ts';

export type MediaKind = 'image' | 'audio' | 'video' | 'file';

/** A file's bytes, named and typed. */
export interface MediaFile {
  name: string;
  mime: string;
  data: Buffer;
}

/** The stand-ins' own sample of each kind, used when a media reply names no file. */
export const SAMPLES: Record<MediaKind, string> = { image: 'picture.png', audio: 'tone.wav', video: 'clip.webm', file: 'guide.pdf' };

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.zip': 'application/zip',
};

/** The content type a file name suggests. */
export const mimeOf = (name: string): string => TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';

const isLoopbackUrl = (value: string): boolean => {
  const { hostname } = new URL(value);
  return hostname === 'localhost' || hostname === '[::1]' || /^127\./.test(hostname);
};

/** Chatwoot needs a file's bytes: the kit fetches a URL only when it is on this machine. */
export const loopbackOnly = (kind: MediaKind, url: string): void => {
  if (!isLoopbackUrl(url)) throw new Error(`bot.${kind}("${url}"): Chatwoot attachments are files, and the kit fetches URLs on this machine only; give { path } or { data, name }`);
};

/** The library of samples, built once per kit. */
export const createSamples = () => {
  const library = createMediaLibrary();
  return (kind: MediaKind): MediaFile => {
    const name = SAMPLES[kind];
    const file = library.get(name)!;
    return { name, mime: file.type, data: file.body };
  };
};

/**
 * The bytes of a media reply's file: a path or bytes as given, the kind's sample when none is named, a URL only when
 * it is on this machine (the kit reaches nothing else).
 */
export const loadMedia = async (kind: MediaKind, source: MediaSource | undefined, sample: (kind: MediaKind) => MediaFile): Promise<MediaFile> => {
  if (source === undefined) return sample(kind);
  if (typeof source === 'string') {
    loopbackOnly(kind, source);
    const response = await fetch(source, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`bot.${kind}("${source}"): HTTP ${response.status}`);
    const name = basename(new URL(source).pathname) || kind;
    return { name, mime: response.headers.get('content-type')?.split(';')[0] ?? mimeOf(name), data: Buffer.from(await response.arrayBuffer()) };
  }
  if ('path' in source) {
    const name = source.name ?? basename(source.path);
    return { name, mime: source.mime ?? mimeOf(name), data: await readFile(source.path) };
  }
  return { name: source.name, mime: source.mime ?? mimeOf(source.name), data: Buffer.from(source.data) };
};

import type { ServerResponse } from 'node:http';
import { notFound } from './http.ts';
import type { StandinState } from './state.ts';

const REDIRECT = /^\/rails\/active_storage\/(?:blobs|representations)\/redirect\/([\w-]+)\/([^/]+)$/;
const STORAGE = /^\/storage\/([\w-]+)\/([^/]+)$/;

/** Attachment addresses: data_url/thumb_url answer 301 to the storage address, which serves the bytes (docs/platforms/chatwoot.md#client-api). */
export const handleFiles = (state: StandinState, path: string, res: ServerResponse): boolean => {
  const redirect = REDIRECT.exec(path);
  const stored = STORAGE.exec(path);
  const match = redirect ?? stored;
  if (!match) return false;
  const file = state.findFile(match[1]!);
  if (!file) throw notFound();
  if (redirect) {
    res.writeHead(301, { location: `/storage/${file.key}/${encodeURIComponent(file.name)}`, 'content-length': 0 }).end();
    return true;
  }
  res
    .writeHead(200, { 'content-type': file.content_type, 'content-length': file.data.length, 'content-disposition': `inline; filename="${encodeURIComponent(file.name)}"` })
    .end(file.data);
  return true;
};

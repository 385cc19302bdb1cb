import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MediaLibrary } from './index.ts';

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/**
 * One `bytes=` range (first-last, first-, or -suffix) within `size`; undefined means "send it all" (no header,
 * a malformed one, or several ranges, which a server may answer in full), 'unsatisfiable' means 416.
 */
export const parseRange = (header: string | undefined, size: number): ByteRange => {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  return start >= size ? 'unsatisfiable' : { start, end };
};

/**
 * GET/HEAD /media/<name>. Cross-origin embeddable (the widget shows them on the relay's page), never sniffed,
 * byte ranges for seeking in audio and video.
 */
export const handleMedia = (library: MediaLibrary, req: IncomingMessage, res: ServerResponse, name: string): void => {
  const file = library.get(name);
  const common = { 'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'cross-origin', 'access-control-allow-origin': '*' };
  if (!file) return void res.writeHead(404, { ...common, 'content-type': 'text/plain; charset=utf-8' }).end('no such media file\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return void res.writeHead(405, { ...common, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('use GET\n');
  }
  const size = file.body.length;
  const headers: Record<string, string | number> = {
    ...common,
    'content-type': file.type,
    'accept-ranges': 'bytes',
    'cache-control': 'public, max-age=3600',
    ...(file.type === 'application/pdf' ? { 'content-disposition': `inline; filename="${name}"` } : {}),
    ...(file.type.startsWith('text/html') ? { 'content-security-policy': "default-src 'none'" } : {}),
  };
  const range = parseRange(typeof req.headers.range === 'string' ? req.headers.range : undefined, size);
  if (range === 'unsatisfiable') return void res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': 0 }).end();
  const body = range ? file.body.subarray(range.start, range.end + 1) : file.body;
  res.writeHead(range ? 206 : 200, { ...headers, 'content-length': body.length, ...(range ? { 'content-range': `bytes ${range.start}-${range.end}/${size}` } : {}) });
  res.end(req.method === 'HEAD' ? undefined : body);
};

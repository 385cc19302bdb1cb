import type { ServerResponse } from 'node:http';
import type { Context } from '../http/router.ts';
import type { Upload } from '../store/types.ts';
import { contentDisposition } from '../uploads/names.ts';
import { parseRange } from '../uploads/range.ts';
import type { RelayContext } from './context.ts';

/** A stored file can never act as a page of this origin: no sniffing, no script, no plugins, its own sandbox. */
export const FILE_CSP = "default-src 'none'; sandbox";

const notFound = (res: ServerResponse) => res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('not found\n');

const headersFor = (upload: Upload): Record<string, string> => ({
  'content-type': upload.mime,
  'content-disposition': contentDisposition(upload.kind, upload.name),
  'content-security-policy': FILE_CSP,
  'x-content-type-options': 'nosniff',
  // Bytes under a token never change; private keeps shared caches from holding a visitor's file.
  'cache-control': 'private, max-age=31536000, immutable',
  'accept-ranges': 'bytes',
  etag: `"${upload.sha256}"`,
  // Lets pages with Cross-Origin-Embedder-Policy show the file from the relay's origin.
  'cross-origin-resource-policy': 'cross-origin',
  'referrer-policy': 'no-referrer',
});

/**
 * GET|HEAD /files/:token/:name — a visitor's upload, public to whoever holds the address (the platform fetches
 * it). The token alone finds the file; the name is for people and downloads. Single byte ranges for media seeking.
 */
export const createFileRoute =
  (ctx: RelayContext) =>
  async ({ req, res, params }: Context) => {
    const token = params['token'] ?? '';
    const upload = /^[A-Za-z0-9_-]{16,128}$/.test(token) ? await ctx.store.getUploadByToken(token) : undefined;
    if (!upload) return notFound(res);
    const stored = await ctx.uploads.blobs.size(upload.id);
    if (stored !== upload.size) {
      ctx.logger.error('upload.bytes_missing', { uploadId: upload.id, expected: upload.size, found: stored ?? null });
      return notFound(res);
    }

    const headers = headersFor(upload);
    // A range is only honoured against the same bytes the client saw before (If-Range with our ETag).
    const ifRange = req.headers['if-range'];
    const range = ifRange === undefined || ifRange === headers['etag'] ? parseRange(req.headers.range, upload.size) : undefined;
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'cache-control': 'no-store', 'content-range': `bytes */${upload.size}`, 'content-length': '0' }).end();
      return;
    }
    const status = range ? 206 : 200;
    const { start, end } = range ?? { start: 0, end: upload.size - 1 };
    res.writeHead(status, {
      ...headers,
      'content-length': String(end - start + 1),
      ...(range ? { 'content-range': `bytes ${start}-${end}/${upload.size}` } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    const stream = ctx.uploads.blobs.read(upload.id, range);
    stream.on('error', (error) => {
      ctx.logger.error('upload.read_failed', { uploadId: upload.id, reason: error.message });
      res.destroy();
    });
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  };

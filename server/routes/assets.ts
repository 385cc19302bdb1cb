import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context } from '../http/router.ts';
import { packageFile } from '../package/files.ts';
import type { RelayContext } from './context.ts';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  html: 'text/html; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json',
};

interface Asset {
  type: string;
  raw: Buffer;
  gzip: Buffer;
  etag: string;
}

/** The demo website runs under the same strict policy site owners can use: no inline script or style. */
export const DEMO_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' https: data:; media-src 'self' https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Demo mode: the stand-in platform serves the demo bot's images and media from its own origin. */
const demoCsp = (standInUrl: string | undefined): string => {
  const standIn = standInUrl ? ` ${new URL(standInUrl).origin}` : '';
  return DEMO_CSP.replace("img-src 'self'", `img-src 'self'${standIn}`).replace("media-src 'self'", `media-src 'self'${standIn}`);
};

/**
 * Built widget files: `embed.js` (stable name, short cache) and `assets/*` (hashed names, immutable), gzip on
 * request, cached in memory after the first read. Script assets allow any origin: the loader imports the widget
 * module cross-origin from the site's page.
 */
export const createAssetRoutes = (ctx: RelayContext) => {
  const cache = new Map<string, Promise<Asset | undefined>>();
  const load = (file: string): Promise<Asset | undefined> => {
    let entry = cache.get(file);
    if (!entry) {
      entry = readFile(file)
        .then((raw) => ({
          type: TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream',
          raw,
          gzip: gzipSync(raw, { level: 9 }),
          etag: `"${createHash('sha1').update(raw).digest('base64url')}"`,
        }))
        .catch(() => undefined);
      cache.set(file, entry);
      // A missing file is looked up again next time (e.g. the build finished after start).
      void entry.then((asset) => asset || cache.delete(file));
    }
    return entry;
  };

  const serve = async ({ req, res }: Context, file: string, cacheControl: string, extra: Record<string, string> = {}, crossOrigin = true) => {
    const asset = await load(file);
    if (!asset) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found (run `npm run build` to build the widget)');
      return;
    }
    const headers: Record<string, string> = {
      'content-type': asset.type,
      'cache-control': cacheControl,
      etag: asset.etag,
      vary: 'Accept-Encoding',
      ...(crossOrigin ? { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' } : {}),
      ...extra,
    };
    if (req.headers['if-none-match'] === asset.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? asset.gzip : asset.raw;
    res.writeHead(200, { ...headers, ...(gzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  const root = normalize(join(ctx.distDir, 'assets') + sep);
  const demoCss = packageFile('server/demo/demo.css');
  return {
    demoCss: (c: Context) => (ctx.demoPage ? serve(c, demoCss, 'no-cache', {}, false) : c.res.writeHead(404).end()),
    embed: (c: Context) => serve(c, join(ctx.distDir, 'embed.js'), 'public, max-age=300'),
    asset: (c: Context) => {
      const file = normalize(join(root, c.params['*'] ?? ''));
      if (!file.startsWith(root)) return serve(c, join(root, '\0missing'), 'no-store');
      return serve(c, file, 'public, max-age=31536000, immutable');
    },
    demo: (c: Context) =>
      ctx.demoPage
        ? serve(c, ctx.demoPage, 'no-cache', { 'content-security-policy': demoCsp(ctx.standInUrl) }, false)
        : c.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Chatport relay. Embed PUBLIC_URL/embed.js on your site.\n'),
  };
};

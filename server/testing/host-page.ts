import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { identityHash } from '../identity/index.ts';
import type { MediaFile } from './media.ts';
import type { TestPageOptions, WidgetOptions } from './types.ts';

export interface HostPagesOptions {
  /** The relay the pages embed the widget from (read per request: it is known once the relay listens). */
  relayUrl: () => string;
  /** Unset: identified visitors are off, so an identity needs a hash of its own. */
  identitySecret: string | undefined;
  lang: string;
  widget: WidgetOptions;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside a <script>: no `</script>` or `<!--` can end it early. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const dataName = (key: string) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** An option as its attribute's value: a list (the prompts) is joined by `|`, so none of its items may hold one. */
const dataValue = (key: string, value: unknown): string => {
  if (!Array.isArray(value)) return String(value);
  const split = value.find((item) => String(item).includes('|'));
  if (split !== undefined) throw new Error(`widget.${key}: "${String(split)}" holds a "|", which separates them on the script tag`);
  return value.join('|');
};

/** The script tag's attributes; throws for an option it cannot carry, so a test fails where it asks for the page. */
const attributesOf = (options: WidgetOptions): string =>
  Object.entries(options)
    .filter(([, value]) => value !== undefined && value !== false)
    .map(([key, value]) => (value === true ? ` ${dataName(key)}` : ` ${dataName(key)}="${escapeHtml(dataValue(key, value))}"`))
    .join('');

/**
 * The kit's test site: a page on its own origin (loopback, any free port) whose only Chatport part is the embed
 * snippet, like a customer's website; registered variants under /pages/<n>, and files for media replies under /files/.
 */
export const createHostPages = async ({ relayUrl, identitySecret, lang, widget }: HostPagesOptions) => {
  attributesOf(widget);
  const pages: TestPageOptions[] = [{}];
  const files: MediaFile[] = [];

  const hashOf = (id: string) => {
    if (!identitySecret) throw new Error('pageUrl({ identify }): identified visitors are off (identitySecret: false); give the identity a hash of its own');
    return identityHash(identitySecret, id);
  };

  const render = (options: TestPageOptions): string => {
    const title = options.title ?? 'Chatport test page';
    const attributes = attributesOf({ ...widget, ...options.widget });
    const identity = options.identify;
    const identify = identity
      ? `<script>window.Chatport=window.Chatport||function(){(window.Chatport.q=window.Chatport.q||[]).push(arguments)};Chatport('identify', ${scriptJson(identity)});</script>`
      : '';
    const body = options.body ?? `<main><h1>${escapeHtml(title)}</h1></main>${identify}<script src="${escapeHtml(relayUrl())}/embed.js" async${attributes}></script>`;
    const meta = '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">';
    return `<!doctype html><html lang="${escapeHtml(options.lang ?? lang)}"><head>${meta}<title>${escapeHtml(title)}</title>${options.head ?? ''}</head><body>${body}</body></html>`;
  };

  const server = createServer((req, res) => {
    try {
      serve(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('test page error');
    }
  });
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    const page = path === '/' ? pages[0] : /^\/pages\/\d+$/.test(path) ? pages[Number(path.slice('/pages/'.length))] : undefined;
    if (page && (req.method === 'GET' || req.method === 'HEAD')) {
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...(page.csp ? { 'content-security-policy': page.csp } : {}) })
        .end(render(page));
    }
    const file = /^\/files\/(\d+)\//.exec(path);
    const served = file ? files[Number(file[1])] : undefined;
    if (served && (req.method === 'GET' || req.method === 'HEAD')) {
      return void res.writeHead(200, { 'content-type': served.mime, 'content-length': served.data.length, 'x-content-type-options': 'nosniff' }).end(served.data);
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    /** The default page, or a variant registered now. */
    pageUrl(options?: TestPageOptions): string {
      if (!options || Object.keys(options).length === 0) return `${url}/`;
      const { identify } = options;
      attributesOf({ ...widget, ...options.widget });
      pages.push({ ...options, ...(identify ? { identify: { ...identify, hash: identify.hash ?? hashOf(identify.id) } } : {}) });
      return `${url}/pages/${pages.length - 1}`;
    },
    /** Serves a file at an address of its own, ending in its name. */
    host(file: MediaFile): string {
      files.push(file);
      return `${url}/files/${files.length - 1}/${encodeURIComponent(file.name)}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { internalsOf } from '../server/testing/internals.ts';
import type { Chatport } from '../server/testing/playwright.ts';

// Chatport's own Playwright suite runs on the public QA kit (`chatport/testing/playwright`, server/testing/), as a QA
// team's would. What is left here is what the kit does not offer QA teams on purpose: the relay's insides (its keys, to
// check none reaches the browser; the stand-in's own records) and a site on an origin the relay does not allow.
export { createWidget, expect, startChatport, test, type Chatport, type Widget } from '../server/testing/playwright.ts';

/** Behind the kit's public API: the relay's settings (platform keys, secrets) and the stand-in it runs against. */
export const insideOf = (relay: Chatport) => {
  const started = internalsOf(relay).started();
  return { config: started.config, simulator: started.standIns.uchat, standin: started.standIns.chatwoot };
};

/** A site on another origin that embeds the widget from the relay, like a customer's website the relay does not list. */
export const startHostSite = async (html: () => string): Promise<{ url: string; close(): Promise<void> }> => {
  const server = createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html());
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => (server.close(() => resolve()), server.closeAllConnections())) };
};

/** A plain customer page whose only Chatport part is the embed script tag. */
export const embedPage = (relayUrl: string, { title = 'Customer site' } = {}) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><script src="${relayUrl}/embed.js" async></script></body></html>`;

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../../../http/body.ts';
import { answerHandshake, readHandshake } from '../handshake.ts';

const LIMIT = 64 * 1024;

export interface HandshakeListener {
  url: string;
  /** How many handshake requests arrived (to tell "never reached" from "refused"). */
  attempts(): number;
  close(): Promise<void>;
}

/**
 * For a first setup, before the relay has its UCHAT_* settings: answers UChat's verification handshake at
 * `…/webhooks/uchat` exactly as the relay would, and nothing else.
 */
export const startHandshakeListener = async ({ host, port, verificationKey }: { host: string; port: number; verificationKey: string }): Promise<HandshakeListener> => {
  let attempts = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://listener');
    let body: Buffer;
    try {
      body = await readBody(req, LIMIT);
    } catch {
      return void res.writeHead(413).end();
    }
    const handshake = url.pathname.endsWith('/webhooks/uchat') ? readHandshake({ method: req.method ?? 'POST', url, headers: req.headers, body }) : undefined;
    if (!handshake) return void res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only the UChat webhook handshake is answered here\n');
    attempts++;
    const reply = answerHandshake(handshake, verificationKey);
    res.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store' }).end(reply.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    url: `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`,
    attempts: () => attempts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

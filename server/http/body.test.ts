import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody } from './body.ts';
import { type HttpError, sendError } from './errors.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that reads each body with `limit` and answers its size, or the error. */
const start = async (limit: number) => {
  server = createServer(async (req, res) => {
    try {
      res.end(String((await readBody(req, limit)).length));
    } catch (error) {
      sendError(res, error as HttpError);
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
};

/** Sends the pieces apart in time, so the server sees the limit crossed while the request is still arriving. */
const trickle = (...pieces: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });

describe('readBody', () => {
  it('reads a body within the limit', async () => {
    const url = await start(1000);
    expect(await (await fetch(url, { method: 'POST', body: new Uint8Array(1000) })).text()).toBe('1000');
  });

  it('answers 413 when the declared length is over the limit', async () => {
    const url = await start(1000);
    const response = await fetch(url, { method: 'POST', body: new Uint8Array(5000) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('body_too_large');
  });

  it('answers 413, over a connection still open, when a streamed body crosses the limit', async () => {
    const url = await start(1000);
    const response = await fetch(url, {
      method: 'POST',
      body: trickle(new Uint8Array(700), new Uint8Array(700), new Uint8Array(700), new Uint8Array(700)),
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('request body exceeds 1000 bytes');
  });
});

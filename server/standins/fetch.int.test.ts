import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchToRelay } from './fetch.ts';

/** Long enough for the connection to go back to the pool, idle. */
const idle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('fetchToRelay', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections()));
  });

  /** Answers the first request on each connection; drops the connection on the second, as a restarted relay's old socket does. */
  const start = async () => {
    const served = new Map<Socket, number>();
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      if (count > 1) return void req.socket.destroy();
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`answer ${requests}`);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests: () => requests };
  };

  it('tries once more on a fresh connection when a kept-alive one was closed before any answer', async () => {
    const relay = await start();
    expect(await (await fetchToRelay(relay.url, {})).text()).toBe('answer 1');
    await idle();
    expect(await (await fetchToRelay(relay.url, { method: 'POST', body: 'two' })).text()).toBe('answer 3');
    // Plain fetch meets the same closed connection and fails.
    const other = await start();
    await (await fetch(other.url)).text();
    await idle();
    await expect(fetch(other.url)).rejects.toThrow(TypeError);
  });

  it('does not try again when the connection is refused, or when the relay answered', async () => {
    const relay = await start();
    const port = Number(new URL(relay.url).port);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    await expect(fetchToRelay(`http://127.0.0.1:${port}/`, {})).rejects.toThrow(TypeError);
    const live = await start();
    expect((await fetchToRelay(live.url, {})).status).toBe(200);
    expect(live.requests()).toBe(1);
  });
});

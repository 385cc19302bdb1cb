import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../log.ts';
import { createMetrics } from '../metrics/index.ts';
import { createAccessLog } from './access.ts';
import { createCors } from './cors.ts';
import { HttpError } from './errors.ts';
import { createRequestHandler } from './handler.ts';
import { createRouter } from './router.ts';

describe('the request pipeline', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const start = async () => {
    const logger = createCapturingLogger();
    let stopping = false;
    const routes = createRouter();
    routes.get('/healthz', ({ res }) => void res.end('ok'));
    routes.get('/refused', () => {
      throw new HttpError(422, 'unknown_button', 'no such button');
    });
    routes.get('/away', () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    });
    routes.get('/broken', () => {
      throw new Error('internal detail 42');
    });
    const handle = createRequestHandler({ logger, access: createAccessLog({ logger, metrics: createMetrics() }), cors: createCors({ origins: [] }), stopping: () => stopping })(
      routes,
    );
    server = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string, method = 'GET') => {
      const response = await fetch(url + path, { method });
      return { status: response.status, headers: response.headers, body: await response.text() };
    };
    return { get, logger, stop: () => void (stopping = true) };
  };

  it('answers unknown routes 404 and wrong methods 405, without a file token in the message', async () => {
    const { get } = await start();
    const missing = await get('/files/secret-token-123/photo.png');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('/files/…');
    expect(missing.body).not.toContain('secret-token-123');
    expect((await get('/healthz', 'POST')).status).toBe(405);
  });

  it('sends an HttpError as its JSON error, an unreachable database as 503 with Retry-After, anything else as 500 without its detail', async () => {
    const { get, logger } = await start();
    expect(await get('/refused')).toMatchObject({ status: 422, body: '{"error":{"code":"unknown_button","message":"no such button"}}' });
    const away = await get('/away');
    expect(away.status).toBe(503);
    expect(away.headers.get('retry-after')).toBe('5');
    expect(JSON.parse(away.body).error.code).toBe('store_unavailable');
    const broken = await get('/broken');
    expect(broken.status).toBe(500);
    expect(broken.body).not.toContain('internal detail');
    expect(logger.lines.some((line) => line.includes('"event":"request.failed"') && line.includes('internal detail 42'))).toBe(true);
  });

  it('while stopping answers probes only; everything else is 503 and closes its connection', async () => {
    const { get, stop } = await start();
    stop();
    expect((await get('/healthz')).status).toBe(200);
    const refused = await get('/refused');
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body).error.code).toBe('stopping');
    expect(refused.headers.get('connection')).toBe('close');
  });
});

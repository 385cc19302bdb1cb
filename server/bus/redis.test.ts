import { afterAll, beforeAll, describe } from 'vitest';
import { inject } from 'vitest';
import { enginesProblem } from '../integration/databases.testing.ts';
import { startRedis, type Engine } from '../integration/engines.testing.ts';
import { runBusContract } from './bus.testing.ts';
import { createRedisTransport } from './redis.ts';

// The outage case takes the server down and up again, so this file runs a Redis of its own.
describe.skipIf(!inject('redisUrl'))(`redis pub/sub${inject('redisUrl') ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startRedis();
  }, 30_000);
  afterAll(() => engine?.stop());
  const transport = () => createRedisTransport({ url: engine.url, channel: 'chatport_test', backoff: { baseMs: 100, maxMs: 500 } });
  runBusContract('redis', { transport, outage: { down: () => engine.down(), up: () => engine.up() } });
});

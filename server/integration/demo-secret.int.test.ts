import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { createCapturingLogger } from '../log.ts';
import { startRelayFromConfig } from '../start.ts';
import { createTestDatabase, enginesProblem, postgresAdminUrl } from './databases.testing.ts';
import { relayApi } from './relay-api.testing.ts';

const adminUrl = postgresAdminUrl();

describe.skipIf(!adminUrl)(`demo mode on one Postgres${adminUrl ? '' : ` (skipped: ${enginesProblem()})`}`, () => {
  const cleanup: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('signs sessions with one secret on every relay of the database, whatever each one made up under its own DATA_DIR', async () => {
    const database = await createTestDatabase(adminUrl!, 'demo');
    cleanup.push(() => database.drop());
    const start = async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'chatport-demo-secret-'));
      cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: database.url, DATA_DIR: dataDir }, { demoSecret: () => randomBytes(32).toString('hex') });
      expect(config.secretFrom).toBe('demo');
      const started = await startRelayFromConfig({ config, logger: createCapturingLogger() });
      cleanup.push(() => started.close());
      return { started, made: config.secret };
    };
    const [one, two] = [await start(), await start()];
    expect(one.made).not.toBe(two.made);
    expect(two.started.config.secret).toBe(one.started.config.secret);
    // A session from one relay is good on the other.
    const session = await relayApi(one.started.relay.url)<{ token: string }>('/v1/sessions', { method: 'POST', body: {} });
    const history = await relayApi(two.started.relay.url)('/v1/messages', { token: session.json.token });
    expect(history.status).toBe(200);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { loadConfig as LoadConfig } from '../../server/config/index.ts';
import type { createLogger as CreateLogger, LogLevel } from '../../server/log.ts';
import type { startRelayFromConfig as StartRelay } from '../../server/start.ts';
import { FIRST_SEQ, sampleMessage, type StreamTarget } from '../shared.ts';
import { perTurn, type ServerUnderTest } from './types.ts';

export interface RelayUnderTestOptions {
  store: 'sqlite' | 'memory';
  /** LOG_LEVEL; lines go to /dev/null with one write each, as a relay logging to a file or journald pays for them. */
  logLevel: LogLevel;
  /** Further settings, as the environment would give them. */
  env?: Record<string, string>;
}

/**
 * The relay as deployed (uchat mode) on 127.0.0.1:0, on SQLite in a fresh DATA_DIR (on disk: the bench counts the
 * bytes it writes there) or on the memory store. Visitors are created through the store and tokens issued directly,
 * as POST /v1/sessions would, so the per-IP session limit does not shape the setup.
 */
export const createRelayUnderTest = async ({ store, logLevel, env = {} }: RelayUnderTestOptions): Promise<ServerUnderTest> => {
  // BENCH_RELAY_FROM=lib runs the compiled relay (`npm run build:relay`), as the package ships it: a CPU profile of it
  // names functions and lines of plain JavaScript.
  const from = process.env['BENCH_RELAY_FROM'] === 'lib' ? { dir: '../../lib/server', ext: 'js' } : { dir: '../../server', ext: 'ts' };
  const { loadConfig } = (await import(`${from.dir}/config/index.${from.ext}`)) as { loadConfig: typeof LoadConfig };
  const { createLogger } = (await import(`${from.dir}/log.${from.ext}`)) as { createLogger: typeof CreateLogger };
  const { startRelayFromConfig } = (await import(`${from.dir}/start.${from.ext}`)) as { startRelayFromConfig: typeof StartRelay };
  const dataDir = mkdtempSync(join(tmpdir(), 'chatport-bench-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'https://relay.bench.invalid',
    ALLOWED_ORIGINS: 'https://site.bench.invalid',
    CHATPORT_STORE: store,
    DATA_DIR: dataDir,
    CHATPORT_SECRET: randomBytes(32).toString('hex'),
    // Never called: the benchmarks only stream to visitors, nothing is sent to the platform.
    UCHAT_BOT_URL: 'http://127.0.0.1:9/bot',
    UCHAT_API_KEY: 'bench-unused',
    UCHAT_VERIFICATION_KEY: randomBytes(16).toString('hex'),
    // Every bench stream comes from loopback, up to thousands for one visitor: the caps would close most of them.
    STREAMS_PER_VISITOR: '1000000',
    STREAMS_PER_ADDRESS: '1000000',
    LOG_LEVEL: logLevel,
    ...env,
  });
  const devNull = openSync('/dev/null', 'w');
  const logger = createLogger({ level: config.ops.logLevel, write: (line) => void writeSync(devNull, line + '\n') });
  const started = await startRelayFromConfig({ config, logger });
  const { context } = started.relay;
  let conversations: string[] = [];
  let seq = FIRST_SEQ;

  const target = (visitorId: string, conversationId: string): StreamTarget => ({
    id: visitorId,
    path: '/v1/stream',
    headers: { authorization: `Bearer ${context.tokens.issue(visitorId, conversationId).token}` },
  });

  return {
    url: started.relay.url,
    async setup(streams, shared) {
      const targets: StreamTarget[] = [];
      conversations = [];
      if (shared) {
        const { visitor, conversation } = await context.store.createVisitor();
        conversations.push(conversation.id);
        for (let i = 0; i < streams; i++) targets.push(target(visitor.id, conversation.id));
      } else {
        for (let i = 0; i < streams; i++) {
          const { visitor, conversation } = await context.store.createVisitor();
          conversations.push(conversation.id);
          targets.push(target(visitor.id, conversation.id));
        }
      }
      return { targets, publishPath: '/webhooks/uchat', verificationKey: started.config.uchat!.verificationKey };
    },
    connections: () => context.hub.stats().connections,
    async fanout(rounds) {
      const list = conversations;
      await perTurn(rounds, () => {
        seq++; // rises each round, so no subscriber skips the event as already sent
        for (const conversationId of list) context.hub.publish(conversationId, { event: 'message', data: sampleMessage(conversationId, seq) });
      });
    },
    close: async () => {
      await started.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

import { sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import type { RelayContext } from './context.ts';

export interface HealthOptions {
  /** True once a stop has begun: the relay is finishing, not taking new work. */
  stopping: () => boolean;
  /** How long the store may take to answer the readiness query. */
  storeTimeoutMs?: number;
}

type Checks = Record<'accepting' | 'store' | 'migrations' | 'provider', string>;

const within = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/**
 * GET /healthz — the process is alive. GET /readyz — it can serve visitors: not stopping, the store answers a
 * cheap query, its schema is current, and the provider (where it can tell) is ready. Each check is "ok" or why
 * not; a failing one makes it 503 and is named in `failing`. Reasons are short and hold no paths or secrets.
 */
export const createHealthRoutes = (ctx: RelayContext, { stopping, storeTimeoutMs = 2000 }: HealthOptions) => ({
  healthz: ({ res }: Context) => sendJson(res, 200, { ok: true, provider: ctx.provider.name, mode: ctx.config.mode }),
  readyz: async ({ res }: Context) => {
    const checks: Checks = { accepting: stopping() ? 'stopping' : 'ok', store: 'ok', migrations: 'ok', provider: ctx.provider.readiness?.() ?? 'ok' };
    try {
      const { migrationsPending } = await within(ctx.store.health(), storeTimeoutMs);
      if (migrationsPending > 0) checks.migrations = `${migrationsPending} pending`;
    } catch (error) {
      checks.store = 'unreachable';
      checks.migrations = 'unknown';
      ctx.logger.warn('readiness.store_failed', { reason: error instanceof Error ? error.message : String(error) });
    }
    const failing = Object.entries(checks).filter(([, state]) => state !== 'ok').map(([name]) => name);
    sendJson(res, failing.length === 0 ? 200 : 503, { ok: failing.length === 0, checks, ...(failing.length ? { failing } : {}) });
  },
});

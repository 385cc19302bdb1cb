import type { Bus } from '../bus/index.ts';
import { sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import type { RelayContext } from './context.ts';

export interface HealthOptions {
  /** True once a stop has begun: the relay is finishing, not taking new work. */
  stopping: () => boolean;
  /** How long the store may take to answer the readiness query. */
  storeTimeoutMs?: number;
  /** Signals between relays: checked where they are shared. */
  bus?: Pick<Bus, 'shared' | 'state' | 'transport'>;
}

type Checks = Record<'accepting' | 'store' | 'migrations' | 'provider', string> & { signals?: string };

const within = <T>(promise: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/** A signals transport that is away degrades a relay rather than failing it: see readyz. */
const signalsState = (bus: HealthOptions['bus']) => (bus?.shared ? (bus.state() === 'ok' ? 'ok' : `${bus.transport} ${bus.state()}`) : undefined);

/**
 * GET /healthz — the process is alive; `degraded` names what it runs without (the store, the signals between
 * relays) while it waits for them to come back. GET /readyz — it can serve visitors: not stopping, the store answers
 * a cheap query, its schema is current, and the provider (where it can tell) is ready. Each check is "ok" or why
 * not; a failing one makes it 503 and is named in `failing`. Where relays share a store, `signals` says whether
 * this one hears the others: while it does not, it still serves (its streams catch up from the store once the
 * signals are back), so it is named in `degraded` and the answer stays 200 — a Redis outage must not take every
 * relay out of the load balancer at once. Reasons are short and hold no paths or secrets.
 */
export const createHealthRoutes = (ctx: RelayContext, { stopping, storeTimeoutMs = 2000, bus }: HealthOptions) => {
  const storeCheck = async (timeoutMs: number): Promise<{ store: string; migrations: string }> => {
    try {
      const { migrationsPending } = await within(ctx.store.health(), timeoutMs);
      return { store: 'ok', migrations: migrationsPending > 0 ? `${migrationsPending} pending` : 'ok' };
    } catch (error) {
      ctx.logger.warn('readiness.store_failed', { reason: error instanceof Error ? error.message : String(error) });
      return { store: 'unreachable', migrations: 'unknown' };
    }
  };
  return {
    healthz: async ({ res }: Context) => {
      const signals = signalsState(bus);
      // Only a store on another machine can be away while this process runs.
      const store = ctx.config.store === 'postgres' ? (await storeCheck(Math.min(storeTimeoutMs, 1000))).store : 'ok';
      const degraded = [...(store === 'ok' ? [] : ['store']), ...(signals === undefined || signals === 'ok' ? [] : ['signals'])];
      sendJson(res, 200, { ok: true, provider: ctx.provider.name, mode: ctx.config.mode, ...(degraded.length ? { degraded } : {}) });
    },
    readyz: async ({ res }: Context) => {
      const checks: Checks = { accepting: stopping() ? 'stopping' : 'ok', ...(await storeCheck(storeTimeoutMs)), provider: ctx.provider.readiness?.() ?? 'ok' };
      const signals = signalsState(bus);
      const failing = Object.entries(checks)
        .filter(([, state]) => state !== 'ok')
        .map(([name]) => name);
      if (signals !== undefined) checks.signals = signals;
      const degraded = signals !== undefined && signals !== 'ok' ? ['signals'] : [];
      sendJson(res, failing.length === 0 ? 200 : 503, { ok: failing.length === 0, checks, ...(failing.length ? { failing } : {}), ...(degraded.length ? { degraded } : {}) });
    },
  };
};

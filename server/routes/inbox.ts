import type { InboxResponse } from '../../src/protocol/index.ts';
import { sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import type { RelayContext } from './context.ts';

export interface InboxRouteOptions {
  /** How long an answer from the platform is reused. */
  ttlMs?: number;
  /** How long a failed ask waits before the next (the last good answer, or nothing, is served meanwhile). */
  retryMs?: number;
  now?: () => number;
}

/**
 * GET /v1/inbox — what the platform says about the inbox, for the widget's welcome and away note (name, welcome text,
 * working hours). Public: nothing in it is per visitor. Asked of the platform at most once per `ttlMs` whatever the
 * traffic (concurrent requests share one ask); a platform that does not answer leaves the last good answer, or `{}`.
 */
export const createInboxRoute = (ctx: RelayContext, { ttlMs = 5 * 60_000, retryMs = 30_000, now = Date.now }: InboxRouteOptions = {}) => {
  let answer: InboxResponse = {};
  let freshUntil = 0;
  let asking: Promise<void> | undefined;
  const ask = (inbox: () => Promise<InboxResponse>) =>
    (asking ??= inbox()
      .then(
        (fresh) => {
          answer = fresh;
          freshUntil = now() + ttlMs;
        },
        (error: unknown) => {
          freshUntil = now() + retryMs;
          ctx.logger.warn('inbox.read_failed', { provider: ctx.provider.name, reason: error instanceof Error ? error.message : String(error) });
        },
      )
      .finally(() => (asking = undefined)));
  return async ({ res }: Context) => {
    const inbox = ctx.provider.inbox?.bind(ctx.provider);
    if (inbox && now() >= freshUntil) await ask(inbox);
    sendJson(res, 200, answer, { 'cache-control': `public, max-age=${Math.round(ttlMs / 1000)}` });
  };
};

import { TypingRequest } from '../../src/protocol/index.ts';
import { readJson } from '../http/body.ts';
import { HttpError } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import { authenticate, type RelayContext } from './context.ts';

/** The visitor's side of presence, for platforms that show it to agents; best effort, so always 204. */
const presence =
  (ctx: RelayContext, act: (visitorId: string, body: TypingRequest | undefined) => Promise<void> | undefined, withBody: boolean) =>
  async ({ req, res }: Context) => {
    const { claims } = await authenticate(ctx, req);
    if (!ctx.limits.presencePerVisitor.take(claims.v)) throw new HttpError(429, 'rate_limited', 'too many presence updates; slow down');
    const body = withBody ? await readJson(req, TypingRequest, 1024) : undefined;
    // Answered before the platform is asked: a slow platform never holds up the visitor's page.
    res.writeHead(204, { 'cache-control': 'no-store' }).end();
    await act(claims.v, body)?.catch((error: unknown) => ctx.logger.warn('presence.failed', { reason: error instanceof Error ? error.message : String(error) }));
  };

const withVisitor = async (ctx: RelayContext, visitorId: string) => ctx.store.getVisitor(visitorId);

/** POST /v1/typing {on} — forwarded to the platform's typing indicator where it has one. */
export const createTypingRoute = (ctx: RelayContext) =>
  presence(ctx, (visitorId, body) => (ctx.provider.visitorTyping ? withVisitor(ctx, visitorId).then((v) => v && ctx.provider.visitorTyping!(v, body!.on)) : undefined), true);

/** POST /v1/seen — the visitor read the conversation; forwarded where the platform keeps read receipts. */
export const createSeenRoute = (ctx: RelayContext) =>
  presence(ctx, (visitorId) => (ctx.provider.visitorSeen ? withVisitor(ctx, visitorId).then((v) => v && ctx.provider.visitorSeen!(v)) : undefined), false);

import { SessionRequest, type Identity, type SessionResponse } from '../../src/protocol/index.ts';
import { readJson } from '../http/body.ts';
import { HttpError, sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import { clientIp, type RelayContext } from './context.ts';

interface Bound {
  visitorId: string;
  conversationId: string;
  resumed: boolean;
}

/**
 * POST /v1/sessions — a new visitor, or the same visitor again when an authentic earlier token is presented. With an
 * identity the site vouched for, the visitor bound to that id on every device (a token of another visitor is ignored:
 * conversations are never merged).
 */
export const createSessionRoute = (ctx: RelayContext) => async ({ req, res }: Context) => {
  const ip = clientIp(req);
  if (!ctx.limits.sessionsPerIp.take(ip)) throw new HttpError(429, 'rate_limited', 'too many sessions from this address; try again shortly');
  const { token, identity } = await readJson(req, SessionRequest, 4096);
  const bound = identity ? await identified(ctx, ip, identity) : await anonymous(ctx, token);
  ctx.metrics.inc('chatport_sessions_total', { kind: identity ? 'identified' : bound.resumed ? 'resumed' : 'new' });
  const issued = ctx.tokens.issue(bound.visitorId, bound.conversationId);
  const body: SessionResponse = {
    token: issued.token,
    visitorId: bound.visitorId,
    conversationId: bound.conversationId,
    expiresAt: new Date(issued.claims.exp * 1000).toISOString(),
    resumed: bound.resumed,
  };
  sendJson(res, 200, body);
};

const anonymous = async (ctx: RelayContext, token: string | undefined): Promise<Bound> => {
  const previous = token === undefined ? undefined : ctx.tokens.resumable(token);
  const conversation = previous && (await ctx.store.getConversation(previous.c));
  if (previous && conversation && conversation.visitorId === previous.v) return { visitorId: previous.v, conversationId: conversation.id, resumed: true };
  const created = await ctx.store.createVisitor();
  return { visitorId: created.visitor.id, conversationId: created.conversation.id, resumed: false };
};

const identified = async (ctx: RelayContext, ip: string, identity: Identity): Promise<Bound> => {
  if (!ctx.identity) throw new HttpError(400, 'identity_disabled', 'identified visitors are off: CHATPORT_IDENTITY_SECRET is not set on the relay');
  // Only refusals are charged; an address that used up its allowance is refused before the hash is even looked at.
  if (!ctx.limits.identityFailuresPerIp.peek(ip)) throw new HttpError(429, 'rate_limited', 'too many refused identities from this address; try again later');
  if (!ctx.identity.verify(identity.id, identity.hash)) {
    ctx.limits.identityFailuresPerIp.take(ip);
    ctx.logger.warn('session.identity_refused', {});
    throw new HttpError(401, 'identity_refused', 'the identity could not be verified');
  }
  const { visitor, conversation, created } = await ctx.store.identifyVisitor({
    externalId: identity.id,
    ...(identity.name === undefined ? {} : { name: identity.name }),
    ...(identity.email === undefined ? {} : { email: identity.email }),
  });
  return { visitorId: visitor.id, conversationId: conversation.id, resumed: !created };
};

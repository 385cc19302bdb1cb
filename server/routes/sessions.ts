import { SessionRequest, type Identity, type SessionResponse } from '../../src/protocol/index.ts';
import { readJson } from '../http/body.ts';
import { HttpError, sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import type { RelayContext } from './context.ts';

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
export const createSessionRoute =
  (ctx: RelayContext) =>
  async ({ req, res }: Context) => {
    const address = ctx.clientAddress(req);
    // The body decides which allowance a request is charged to, so it is read first (it is small and bounded).
    const { token, identity } = await readJson(req, SessionRequest, 4096);
    const bound = identity ? await identified(ctx, address, identity) : await anonymous(ctx, address, token);
    // A visit counts as activity for retention (written at most once an hour per visitor).
    await ctx.store.touchVisitor(bound.visitorId);
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

const tooManySessions = () => new HttpError(429, 'rate_limited', 'too many sessions for this visitor; try again shortly');

const anonymous = async (ctx: RelayContext, address: string, token: string | undefined): Promise<Bound> => {
  const previous = token === undefined ? undefined : ctx.tokens.resumable(token);
  const conversation = previous && (await ctx.store.getConversation(previous.c));
  if (previous && conversation && conversation.visitorId === previous.v) {
    // A returning visitor creates nothing: charged to themselves, so a flood from their address cannot keep them out.
    if (!ctx.limits.sessionsPerVisitor.take(previous.v)) throw tooManySessions();
    return { visitorId: previous.v, conversationId: conversation.id, resumed: true };
  }
  if (!ctx.limits.newSessionsPerAddress.take(address)) throw new HttpError(429, 'rate_limited', 'too many new sessions from this address; try again shortly');
  await ctx.disk.checkMessage();
  const created = await ctx.store.createVisitor();
  return { visitorId: created.visitor.id, conversationId: created.conversation.id, resumed: false };
};

const identified = async (ctx: RelayContext, address: string, identity: Identity): Promise<Bound> => {
  if (!ctx.identity) throw new HttpError(400, 'identity_disabled', 'identified visitors are off: CHATPORT_IDENTITY_SECRET is not set on the relay');
  // Only refusals are charged, per address and per id. A spent allowance is refused before the hash is looked at:
  // were a right hash let through, every answer would still tell right from wrong and guessing would not slow down.
  if (!ctx.limits.identityFailuresPerAddress.peek(address)) throw new HttpError(429, 'rate_limited', 'too many refused identities from this address; try again later');
  if (!ctx.limits.identityFailuresPerId.peek(identity.id)) throw new HttpError(429, 'rate_limited', 'too many refused attempts for this identity; try again later');
  if (!ctx.identity.verify(identity.id, identity.hash)) {
    ctx.limits.identityFailuresPerAddress.take(address);
    ctx.limits.identityFailuresPerId.take(identity.id);
    ctx.logger.warn('session.identity_refused', {});
    throw new HttpError(401, 'identity_refused', 'the identity could not be verified');
  }
  if (!ctx.limits.sessionsPerVisitor.take(`identity:${identity.id}`)) throw tooManySessions();
  await ctx.disk.checkMessage();
  const { visitor, conversation, created } = await ctx.store.identifyVisitor({
    externalId: identity.id,
    ...(identity.name === undefined ? {} : { name: identity.name }),
    ...(identity.email === undefined ? {} : { email: identity.email }),
  });
  return { visitorId: visitor.id, conversationId: conversation.id, resumed: !created };
};

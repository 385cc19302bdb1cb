import { SessionRequest, type SessionResponse } from '../../src/protocol/index.ts';
import { readJson } from '../http/body.ts';
import { HttpError, sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import { clientIp, type RelayContext } from './context.ts';

/** POST /v1/sessions — a new visitor, or the same visitor again when an authentic earlier token is presented. */
export const createSessionRoute = (ctx: RelayContext) => async ({ req, res }: Context) => {
  if (!ctx.limits.sessionsPerIp.take(clientIp(req))) throw new HttpError(429, 'rate_limited', 'too many sessions from this address; try again shortly');
  const { token } = await readJson(req, SessionRequest, 4096);
  const previous = token === undefined ? undefined : ctx.tokens.resumable(token);
  const conversation = previous && (await ctx.store.getConversation(previous.c));
  let visitorId: string;
  let conversationId: string;
  if (previous && conversation && conversation.visitorId === previous.v) {
    visitorId = previous.v;
    conversationId = conversation.id;
  } else {
    const created = await ctx.store.createVisitor();
    visitorId = created.visitor.id;
    conversationId = created.conversation.id;
    ctx.metrics.inc('chatport_visitors_created_total');
  }
  const issued = ctx.tokens.issue(visitorId, conversationId);
  const body: SessionResponse = {
    token: issued.token,
    visitorId,
    conversationId,
    expiresAt: new Date(issued.claims.exp * 1000).toISOString(),
    resumed: conversationId === previous?.c,
  };
  sendJson(res, 200, body);
};

import { readBody } from '../http/body.ts';
import { HttpError, sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import type { InboundMessage } from '../providers/types.ts';
import type { Conversation } from '../store/types.ts';
import type { RelayContext } from './context.ts';

const WEBHOOK_LIMIT = 1024 * 1024;

/**
 * POST /webhooks/<provider> (GET too, for query-string handshakes). The provider verifies and translates;
 * the relay routes each message to its conversation, stores it, then streams it — stored before shown.
 */
export const createWebhookRoute = (ctx: RelayContext) => async ({ req, res, url, params }: Context) => {
  if (params['provider'] !== ctx.provider.name) throw new HttpError(404, 'unknown_provider', `this relay serves /webhooks/${ctx.provider.name}`);
  const body = req.method === 'GET' ? Buffer.alloc(0) : await readBody(req, WEBHOOK_LIMIT);
  const outcome = await ctx.provider.handleWebhook({ method: req.method ?? 'POST', url, headers: req.headers, body });
  if ('reply' in outcome) {
    const { status, contentType, body: text } = outcome.reply;
    ctx.metrics.inc('chatport_webhooks_total', { result: String(status) });
    if (status >= 400) ctx.logger.warn('webhook.refused', { provider: ctx.provider.name, status, reason: text.slice(0, 200) });
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' }).end(text);
    return;
  }
  let stored = 0;
  const unknown: InboundMessage[] = [];
  for (const inbound of outcome.messages) {
    const conversation = await route(ctx, inbound);
    if (!conversation) {
      unknown.push(inbound);
      continue;
    }
    const draft = { author: inbound.author, body: inbound.body, ...(inbound.externalId ? { externalId: inbound.externalId } : {}) };
    const { message, created } = await ctx.store.append(conversation.id, draft);
    if (!created) continue;
    stored++;
    ctx.metrics.inc('chatport_messages_total', { author: inbound.author });
    ctx.typing.replied(conversation.id); // the indicator goes off before the answer shows
    ctx.hub.publish(conversation.id, { event: 'message', data: message });
  }
  if (unknown.length > 0) {
    ctx.logger.warn('webhook.unknown_recipient', { provider: ctx.provider.name, count: unknown.length, visitorId: unknown[0]?.visitorId, conversationNumber: unknown[0]?.conversationNumber });
  }
  if (unknown.length > 0 && stored === 0) {
    ctx.metrics.inc('chatport_webhooks_total', { result: '404' });
    throw new HttpError(404, 'unknown_recipient', 'no conversation matches sender_id / conv_id');
  }
  ctx.metrics.inc('chatport_webhooks_total', { result: '200' });
  sendJson(res, 200, { ok: true, stored });
};

/** By our visitor id first (it is ours, so unambiguous), then by the conversation number the platform echoes. */
const route = async ({ store }: RelayContext, inbound: InboundMessage): Promise<Conversation | undefined> => {
  if (inbound.visitorId) {
    const visitor = await store.getVisitor(inbound.visitorId);
    if (visitor) return store.getConversation(visitor.conversationId);
  }
  if (inbound.conversationNumber !== undefined) return store.getConversationByNumber(inbound.conversationNumber);
  return undefined;
};

import { SendRequest, type Body, type HistoryResponse, type OutgoingBody, type SendResponse } from '../../src/protocol/index.ts';
import { readJson } from '../http/body.ts';
import { HttpError, sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import { checkAnswer } from './answers.ts';
import type { AppendResult } from '../store/types.ts';
import { authenticate, type RelayContext } from './context.ts';
import { checkPostback } from './postbacks.ts';

const intParam = (url: URL, name: string, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number | undefined => {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) throw new HttpError(400, 'invalid_query', `${name} must be an integer from ${min} to ${max}`);
  return value;
};

/** GET /v1/messages?limit&before&after — a page of the caller's own conversation, ascending by seq. */
export const createHistoryRoute =
  (ctx: RelayContext) =>
  async ({ req, res, url }: Context) => {
    const { conversation } = await authenticate(ctx, req);
    const limit = intParam(url, 'limit', { min: 1, max: 200 }) ?? 50;
    const before = intParam(url, 'before', { min: 1 });
    const after = intParam(url, 'after');
    // Without `after`, page backwards from the newest. One extra row tells whether there is more that way.
    const rows = await ctx.store.listMessages(
      conversation.id,
      after === undefined ? { limit: limit + 1, before: before ?? Number.MAX_SAFE_INTEGER } : { limit: limit + 1, after, ...(before === undefined ? {} : { before }) },
    );
    const hasMore = rows.length > limit;
    const messages = hasMore ? (after === undefined ? rows.slice(1) : rows.slice(0, limit)) : rows;
    const { deliveredSeq, readSeq } = conversation;
    const body: HistoryResponse = { messages, deliveredSeq, ...(readSeq ? { readSeq } : {}), hasMore };
    sendJson(res, 200, body);
  };

/** The caller's own upload as a media body. Another visitor's id gets the same answer as a made-up one. */
const attachment = async (ctx: RelayContext, conversationId: string, uploadId: string): Promise<Body> => {
  const body = await ctx.uploads.attachment(conversationId, uploadId);
  if (!body) throw new HttpError(400, 'unknown_upload', 'no such upload');
  return body;
};

/** What is stored for what the visitor sent: uploads, answers and button presses are checked against the conversation. */
const toBody = (ctx: RelayContext, conversationId: string, sent: OutgoingBody): Body | Promise<Body> => {
  switch (sent.kind) {
    case 'attachment':
      return attachment(ctx, conversationId, sent.uploadId);
    case 'answer':
      return checkAnswer(ctx.store, conversationId, sent);
    case 'postback':
      return checkPostback(ctx.store, conversationId, sent);
    default:
      return sent;
  }
};

/** POST /v1/messages — stored (once per clientId), streamed back, and queued for the platform in one step. */
export const createSendRoute = (ctx: RelayContext) => {
  const stored = ctx.metrics.counter('chatport_messages_total', { author: 'visitor' });
  return async ({ req, res }: Context) => {
    const { conversation, claims } = await authenticate(ctx, req);
    if (!ctx.limits.sendsPerVisitor.take(claims.v)) throw new HttpError(429, 'rate_limited', 'too many messages; wait a moment and try again');
    const { clientId, body: sent } = await readJson(req, SendRequest, 16 * 1024);
    await ctx.disk.checkMessage();
    const body = await toBody(ctx, conversation.id, sent);
    const uploadId = sent.kind === 'attachment' ? { uploadId: sent.uploadId } : {};
    // Streamed as its batch is stored, in seq order with the platform's messages stored with it.
    const show = ({ message, created }: AppendResult) => created && ctx.hub.publish(conversation.id, { event: 'message', data: message });
    const { message, created } = await ctx.groupCommit.append(conversation.id, { author: 'visitor', body, clientId, ...uploadId }, { outbox: true, stored: show });
    if (created) {
      stored.inc();
      ctx.outbox.kick();
    }
    const response: SendResponse = { message, duplicate: !created };
    sendJson(res, created ? 201 : 200, response);
  };
};

import { z } from 'zod';
import { AnswerValues, Message } from './message.ts';

/** A client-chosen id that makes a retried send idempotent. */
export const ClientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 characters of [A-Za-z0-9_-]');

/**
 * A visitor the site owner vouches for: `hash` = hex HMAC-SHA256 of `id` with CHATPORT_IDENTITY_SECRET, computed on
 * the site's server. The same id gets the same conversation on every device; nobody can claim an id without its hash.
 */
export const Identity = z
  .object({
    id: z.string().trim().min(1).max(200),
    name: z.string().trim().max(200).optional(),
    email: z.string().trim().max(320).optional(),
    hash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be the hex HMAC-SHA256 of the id'),
  })
  .strict();
export type Identity = z.infer<typeof Identity>;

// POST /v1/sessions — create a visitor, or resume one with a token the relay signed earlier; with `identity`, the
// identified visitor's own conversation (an anonymous visitor's conversation is not merged into it).
export const SessionRequest = z.object({ token: z.string().max(2000).optional(), identity: Identity.optional() }).strict();
export type SessionRequest = z.infer<typeof SessionRequest>;

export const SessionResponse = z.object({
  token: z.string(),
  visitorId: z.string(),
  conversationId: z.string(),
  /** ISO 8601; renew by posting the token back before or after it expires. */
  expiresAt: z.string(),
  resumed: z.boolean(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

/** What an upload is drawn as, and the platform's `file_type`. */
export const AttachmentKind = z.enum(['image', 'audio', 'video', 'file']);
export type AttachmentKind = z.infer<typeof AttachmentKind>;

// POST /v1/uploads — the raw file as the body, its type in Content-Type, its name in `?name=`.
export const UploadResponse = z.object({
  id: z.string(),
  /** Public, unguessable address the platform fetches (PUBLIC_URL/files/...). */
  url: z.string(),
  name: z.string(),
  size: z.number().int().nonnegative(),
  mime: z.string(),
  kind: AttachmentKind,
});
export type UploadResponse = z.infer<typeof UploadResponse>;

// POST /v1/messages — what a visitor can send.
export const OutgoingBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().trim().min(1).max(5000) }).strict(),
  // A press of a postback button of message `to`; the relay checks that message offers that button (title and payload).
  z.object({ kind: z.literal('postback'), to: z.string().min(1).max(100), title: z.string().min(1).max(1000), payload: z.string().max(4000) }).strict(),
  // An earlier upload of this visitor; stored and shown as an image / audio / video / file message.
  z.object({ kind: z.literal('attachment'), uploadId: z.string().min(1).max(100) }).strict(),
  // The answer to the question in message `to`; the relay checks it against that question before storing it.
  z.object({ kind: z.literal('answer'), to: z.string().min(1).max(100), text: z.string().trim().min(1).max(5000), values: AnswerValues }).strict(),
]);
export type OutgoingBody = z.infer<typeof OutgoingBody>;

export const SendRequest = z.object({ clientId: ClientId, body: OutgoingBody }).strict();
export type SendRequest = z.infer<typeof SendRequest>;

export const SendResponse = z.object({ message: Message, duplicate: z.boolean() });
export type SendResponse = z.infer<typeof SendResponse>;

// GET /v1/messages?before=SEQ&after=SEQ&limit=N — history, ascending by seq.
export const HistoryResponse = z.object({
  messages: z.array(Message),
  /** Every visitor message with seq <= deliveredSeq has been accepted by the platform. */
  deliveredSeq: z.number().int().nonnegative(),
  /** Every visitor message with seq <= readSeq has been seen by an agent; only where the platform reports it. */
  readSeq: z.number().int().nonnegative().optional(),
  hasMore: z.boolean(),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;

// POST /v1/typing — the visitor is (or stopped) writing; best effort, forwarded where the platform shows it.
export const TypingRequest = z.object({ on: z.boolean() }).strict();
export type TypingRequest = z.infer<typeof TypingRequest>;

// POST /v1/seen (no body) — the visitor has read the conversation; best effort, for platforms with read receipts.

/** GET /v1/stream events (SSE). `message` events carry `id: seq`. */
export type StreamEvent =
  | { event: 'message'; data: Message }
  | { event: 'status'; data: StatusEvent }
  | { event: 'typing'; data: TypingEvent }
  | { event: 'conversation'; data: ConversationEvent };

/** The platform changed the conversation's state, e.g. an agent resolved it; a new message reopens it. */
export const ConversationEvent = z.object({ status: z.enum(['open', 'pending', 'resolved', 'snoozed']) });
export type ConversationEvent = z.infer<typeof ConversationEvent>;

/** Every visitor message with seq <= deliveredSeq has been accepted by the platform (and <= readSeq seen by an agent, where reported). */
export const StatusEvent = z.object({ deliveredSeq: z.number().int().nonnegative(), readSeq: z.number().int().nonnegative().optional() });
export type StatusEvent = z.infer<typeof StatusEvent>;

export const TypingEvent = z.object({ on: z.boolean() });
export type TypingEvent = z.infer<typeof TypingEvent>;

/** The body of every 4xx/5xx answer. */
export const ApiError = z.object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.string()).optional() }) });
export type ApiError = z.infer<typeof ApiError>;

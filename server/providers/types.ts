import type { IncomingHttpHeaders } from 'node:http';
import type { Body, InboxResponse, Message, Sender } from '../../src/protocol/index.ts';
import type { Conversation, Visitor } from '../store/types.ts';

/** A request as it arrived: the raw bytes are what signatures are computed over. */
export interface RawRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RawReply {
  status: number;
  contentType: 'text/plain; charset=utf-8' | 'application/json';
  body: string;
}

/** Where a push belongs, by whichever ids the platform echoes; the relay tries them in this order. */
export interface InboundRoute {
  /** Our visitor id as the platform echoes it (UChat `sender_id`). Preferred for routing. */
  visitorId?: string;
  /** Our conversation number as the platform echoes it (UChat `conv_id`). */
  conversationNumber?: number;
  /** The platform's own ids, found through the visitor's PlatformLink (Chatwoot source_id, conversation id). */
  contactRef?: string;
  conversationRef?: string;
}

/** A message for a visitor, translated from a platform push; the relay routes, stores and streams it. */
export interface InboundMessage extends InboundRoute {
  author: 'bot' | 'agent';
  body: Body;
  externalId?: string;
  /** A new version of the message stored with this externalId (edited, deleted, answered). */
  update?: boolean;
  /** The platform's time (ISO 8601): the widget orders by it where a platform delivers out of order. */
  createdAt?: string;
  /** The platform's own number for the message, for replies written in the same instant. */
  order?: number;
  /** Who wrote it, where the platform says (a Chatwoot agent's name and picture). */
  sender?: Sender;
}

/** Not a message: the platform says someone is typing, or changed the conversation's state. */
export type InboundSignal = InboundRoute &
  (
    | { type: 'typing'; on: boolean }
    | { type: 'status'; status: 'open' | 'pending' | 'resolved' | 'snoozed' }
    /** An agent last looked at the conversation at `at` (ISO 8601): the visitor's messages written by then were seen. */
    | { type: 'seen'; at: string }
  );

/**
 * `reply`: the provider answered by itself (handshake, bad signature, malformed body).
 * `messages`: the push was authentic and parsed; possibly empty (e.g. a private note, shown to nobody).
 */
export type WebhookOutcome = { reply: RawReply } | { messages: InboundMessage[]; signals?: InboundSignal[] };

export interface InboundSink {
  apply(messages: readonly InboundMessage[], signals?: readonly InboundSignal[]): Promise<unknown>;
}

export interface Delivery {
  visitor: Visitor;
  conversation: Conversation;
  message: Message;
}

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    message: string,
    /** false only when retrying the same request can never succeed. */
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Provider {
  readonly name: string;
  /** POST /webhooks/<name>. Must not throw for bad input: answer with a 4xx reply instead. */
  handleWebhook(request: RawRequest): Promise<WebhookOutcome>;
  /** Sends one visitor message to the platform. Throws DeliveryError; resolves once the platform accepted it. */
  deliver(delivery: Delivery): Promise<void>;
  /** `signalled`: the platform reports typing itself, so the relay does not infer it from deliveries. */
  readonly typing?: 'inferred' | 'signalled';
  /** Best effort, never throws: the visitor is typing (or stopped). */
  visitorTyping?(visitor: Visitor, on: boolean): Promise<void>;
  /** Best effort, never throws: the visitor has read the conversation. */
  visitorSeen?(visitor: Visitor): Promise<void>;
  /** Where pushes that do not come by webhook (a socket) go; called once by the relay before anything else. */
  connect?(sink: InboundSink): void;
  /** A visitor's live stream opened / closed (realtime paths that follow active visitors). */
  visitorActive?(visitor: Visitor, active: boolean): void;
  /**
   * Another relay may have changed the visitor's platform link (it delivered their message, e.g. making Chatwoot's
   * contact): a realtime path that follows the visitor here looks at the link again.
   */
  linkChanged?(visitorId: string): void;
  /** What the platform says about the inbox for the widget's first screen (name, welcome, working hours); may reject. */
  inbox?(): Promise<InboxResponse>;
  /** Readiness where the provider can tell: undefined (or "ok") when ready, else a short reason (no secrets). */
  readiness?(): string | undefined;
  /** Stops sockets and timers. */
  close?(): Promise<void>;
}

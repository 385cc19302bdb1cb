import type { IncomingHttpHeaders } from 'node:http';
import type { Body, Message } from '../../src/protocol/index.ts';
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

/** A message for a visitor, translated from a platform push; the relay routes, stores and streams it. */
export interface InboundMessage {
  /** Our visitor id as the platform echoes it (UChat `sender_id`). Preferred for routing. */
  visitorId?: string;
  /** Our conversation number as the platform echoes it (UChat `conv_id`). Used when visitorId is absent or unknown. */
  conversationNumber?: number;
  author: 'bot' | 'agent';
  body: Body;
  externalId?: string;
}

/**
 * `reply`: the provider answered by itself (handshake, bad signature, malformed body).
 * `messages`: the push was authentic and parsed; possibly empty (e.g. a private note, shown to nobody).
 */
export type WebhookOutcome = { reply: RawReply } | { messages: InboundMessage[] };

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
}

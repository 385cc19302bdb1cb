import { randomBytes } from 'node:crypto';
import type { Message } from '../../src/protocol/index.ts';
import type { MessageDraft } from './types.ts';

/**
 * Unguessable ids: 128 random bits, base64url, behind a short kind prefix (`v_`, `c_`, `m_`, `o_`). 24 characters of
 * [A-Za-z0-9_-], so a visitor id fits the platform's user id field.
 */
export const newId = (prefix: 'v' | 'c' | 'm' | 'o'): string => `${prefix}_${randomBytes(16).toString('base64url')}`;

/** A stored message in the protocol's shape, without keys for absent values. */
export const toMessage = (fields: { id: string; seq: number; conversationId: string; createdAt: string; clientId?: string | null | undefined }, draft: Pick<MessageDraft, 'author' | 'body'>): Message => ({
  id: fields.id,
  seq: fields.seq,
  conversationId: fields.conversationId,
  author: draft.author,
  createdAt: fields.createdAt,
  ...(fields.clientId == null ? {} : { clientId: fields.clientId }),
  body: draft.body,
});

export const unknownConversation = (conversationId: string): Error => new Error(`unknown conversation: ${conversationId}`);
export const unknownOutboxItem = (itemId: string): Error => new Error(`unknown outbox item: ${itemId}`);

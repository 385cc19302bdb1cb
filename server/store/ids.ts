import { randomBytes, randomFillSync } from 'node:crypto';
import type { Message } from '../../src/protocol/index.ts';
import type { MessageDraft } from './types.ts';

/**
 * Unguessable ids: 128 random bits, base64url, behind a short kind prefix (`v_`, `c_`, `m_`, `o_`, `u_`). 24
 * characters of [A-Za-z0-9_-], so a visitor id fits the platform's user id field.
 */
export const newId = (prefix: 'v' | 'c' | 'm' | 'o' | 'u'): string => `${prefix}_${randomBytes(16).toString('base64url')}`;

// base64url's characters in ASCII order, so that a string of them sorts as the number it encodes.
const SORTED = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** Epoch milliseconds as 8 characters that sort as the time does (48 bits: until the year 10889). */
export const timePrefix = (ms: number): string => {
  let text = '';
  for (let i = 0, rest = Math.max(0, Math.floor(ms)); i < 8; i++, rest = Math.floor(rest / 64)) text = SORTED[rest % 64]! + text;
  return text;
};

/**
 * Ids for the rows written on every message (`m_…`, `o_…`): the creation time first, then 128 random bits, 32
 * characters of [A-Za-z0-9_-]. Ids made together sort together, so each lands on the last page of the database's
 * id index instead of a random one: a batch of messages dirties one index page, not one per message. The random
 * bits come from a pool filled 4 KB at a time (one system call per 256 ids, not one per id).
 */
export const createIdSource = ({ poolBytes = 4096 }: { poolBytes?: number } = {}) => {
  const pool = Buffer.allocUnsafe(poolBytes);
  let used = poolBytes;
  const random16 = (): string => {
    if (used + 16 > poolBytes) {
      randomFillSync(pool);
      used = 0;
    }
    used += 16;
    return pool.toString('base64url', used - 16, used);
  };
  return {
    message: (at: number): string => `m_${timePrefix(at)}${random16()}`,
    outboxItem: (at: number): string => `o_${timePrefix(at)}${random16()}`,
  };
};

export type IdSource = ReturnType<typeof createIdSource>;

/** The secret in an upload's public address: 192 random bits, 32 characters of base64url. */
export const newFileToken = (): string => randomBytes(24).toString('base64url');

/** A stored message in the protocol's shape, without keys for absent values. */
export const toMessage = (
  fields: {
    id: string;
    seq: number;
    conversationId: string;
    createdAt: string;
    clientId?: string | null | undefined;
    replaces?: string | null | undefined;
    order?: number | null | undefined;
  },
  draft: Pick<MessageDraft, 'author' | 'body' | 'sender'>,
): Message => ({
  id: fields.id,
  seq: fields.seq,
  conversationId: fields.conversationId,
  author: draft.author,
  createdAt: fields.createdAt,
  ...(fields.clientId == null ? {} : { clientId: fields.clientId }),
  ...(fields.order == null ? {} : { order: fields.order }),
  ...(fields.replaces == null ? {} : { replaces: fields.replaces }),
  ...(draft.sender ? { sender: draft.sender } : {}),
  body: draft.body,
});

export const unknownConversation = (conversationId: string): Error => new Error(`unknown conversation: ${conversationId}`);
export const uploadConflict = (uploadId: string): Error => new Error(`upload ${uploadId} conflicts with a stored one (id or token)`);
export const uploadOwner = (uploadId: string): Error => new Error(`upload ${uploadId} names a conversation that is not its visitor's`);
export const unknownOriginal = (messageId: string): Error => new Error(`a new version needs an original message of this conversation: ${messageId}`);
export const unknownVisitor = (visitorId: string): Error => new Error(`unknown visitor: ${visitorId}`);
export const unknownOutboxItem = (itemId: string): Error => new Error(`unknown outbox item: ${itemId}`);
/** The item is gone from the outbox (delivered, recorded by another relay, or erased). */
export const isUnknownOutboxItem = (error: unknown): boolean => error instanceof Error && error.message.startsWith('unknown outbox item: ');

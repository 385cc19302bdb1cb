import type { Body, Message } from '../../../src/protocol/index.ts';
import { createIdSource, newId, toMessage, unknownConversation, unknownOriginal, unknownOutboxItem } from '../ids.ts';
import type { AppendRequest, AppendResult, Conversation, OutboxItem, Store, Visitor } from '../types.ts';
import { createMemoryLifecycle, markActive } from './lifecycle.ts';
import { createMemoryLinks } from './links.ts';
import type { Thread } from './state.ts';
import { createMemoryOps } from './ops.ts';
import { createMemoryUploads } from './uploads.ts';
import { SOLE_RELAY_LEASES } from '../leases.ts';

const setOrClear = (visitor: Visitor, key: 'name' | 'email', value: string) => {
  if (value === '') delete visitor[key];
  else visitor[key] = value;
};

/** Everything in process memory: for tests and throwaway demos; lost on exit. `now` is its clock (epoch ms). */
export const createMemoryStore = ({ now = Date.now }: { now?: () => number } = {}): Store => {
  const visitors = new Map<string, Visitor>();
  const byExternalId = new Map<string, Visitor>();
  const threads = new Map<string, Thread>();
  const byNumber = new Map<number, Thread>();
  // Insertion order is queue order, and within a conversation also seq order: the first item met is the head.
  const outbox = new Map<string, OutboxItem>();
  const uploads = createMemoryUploads(
    (id) => threads.get(id)?.conversation,
    (id) => markActive(threads.get(id), now()),
  );
  const links = createMemoryLinks((id) => visitors.has(id));
  let lastNumber = 0;
  const ids = createIdSource();

  // Copies out, so a caller mutating a result never changes what is stored.
  const copy = <T>(value: T): T => structuredClone(value);
  // The hot paths' copies: visitors and conversations are flat; a message's one nested part, its body, is plain JSON.
  const flat = <T extends object>(value: T): T => ({ ...value });
  const copyMessage = (message: Message): Message => ({
    ...message,
    body: JSON.parse(JSON.stringify(message.body)) as Body,
    ...(message.sender ? { sender: { ...message.sender } } : {}),
  });

  const thread = (conversationId: string): Thread => {
    const found = threads.get(conversationId);
    if (!found) throw unknownConversation(conversationId);
    return found;
  };

  const create = (fields: Partial<Visitor> = {}) => {
    const createdAt = new Date(now()).toISOString();
    const visitor: Visitor = { id: newId('v'), conversationId: newId('c'), createdAt, ...fields };
    const conversation: Conversation = { id: visitor.conversationId, number: ++lastNumber, visitorId: visitor.id, createdAt, deliveredSeq: 0 };
    const created: Thread = { conversation, messages: [], lastSeq: 0, activeAt: createdAt, byClientId: new Map(), byExternalId: new Map(), latest: new Map() };
    visitors.set(visitor.id, visitor);
    threads.set(conversation.id, created);
    byNumber.set(conversation.number, created);
    return { visitor, conversation };
  };

  const heads = function* (): Generator<OutboxItem> {
    const seen = new Set<string>();
    for (const item of outbox.values()) {
      if (seen.has(item.conversationId)) continue;
      seen.add(item.conversationId);
      yield item;
    }
  };

  /** Throws what appending `request` would throw; checks only what earlier items of a batch cannot change. */
  const check = ({ conversationId, draft }: AppendRequest): void => {
    const target = thread(conversationId);
    if (draft.replaces === undefined) return;
    const original = target.messages.find((message) => message.id === draft.replaces);
    if (!original || original.replaces !== undefined) throw unknownOriginal(draft.replaces);
  };

  /** Checked first, then applied: a batch with a failing item changes nothing, as a rolled-back transaction. */
  const appendAll = (items: readonly AppendRequest[]): AppendResult[] => {
    items.forEach(check);
    return items.map(({ conversationId, draft, outbox: queue = false }) => {
      const target = thread(conversationId);
      const earlier =
        (draft.clientId === undefined ? undefined : target.byClientId.get(draft.clientId)) ??
        (draft.externalId === undefined ? undefined : target.byExternalId.get(draft.externalId));
      if (earlier) return { message: copyMessage(earlier), created: false };
      if (draft.replaces !== undefined) {
        const original = target.messages.find((message) => message.id === draft.replaces)!;
        const newest = target.latest.get(original.id) ?? original;
        if (JSON.stringify(newest.body) === JSON.stringify(draft.body)) return { message: copyMessage(newest), created: false };
      }
      const at = now();
      const seq = ++target.lastSeq;
      const fields = {
        id: ids.message(at),
        seq,
        conversationId,
        createdAt: draft.createdAt ?? new Date(at).toISOString(),
        clientId: draft.clientId,
        replaces: draft.replaces,
        order: draft.order,
      };
      const message = toMessage(fields, { author: draft.author, body: JSON.parse(JSON.stringify(draft.body)) as Body, ...(draft.sender ? { sender: { ...draft.sender } } : {}) });
      target.messages.push(message);
      if (draft.replaces !== undefined) target.latest.set(draft.replaces, message);
      if (draft.clientId !== undefined) target.byClientId.set(draft.clientId, message);
      if (draft.externalId !== undefined) target.byExternalId.set(draft.externalId, message);
      if (queue) {
        const item: OutboxItem = { id: ids.outboxItem(at), conversationId, messageId: message.id, seq, attempts: 0, nextAttemptAt: at };
        outbox.set(item.id, item);
      }
      markActive(target, at);
      if (draft.uploadId !== undefined) uploads.markSent(conversationId, draft.uploadId, new Date(at).toISOString());
      return { message: copyMessage(message), created: true };
    });
  };

  return {
    ...uploads.methods,
    ...links.methods,
    ...createMemoryLifecycle({ visitors, byExternalId, threads, byNumber, outbox, uploads, links, now }),
    ...createMemoryOps(outbox, (item) => threads.get(item.conversationId)?.messages.find((message) => message.id === item.messageId)),
    createVisitor: async () => copy(create()),
    async identifyVisitor({ externalId, name, email }) {
      const known = byExternalId.get(externalId);
      const visitor = known ?? create({ externalId }).visitor;
      if (!known) byExternalId.set(externalId, visitor);
      if (name !== undefined) setOrClear(visitor, 'name', name);
      if (email !== undefined) setOrClear(visitor, 'email', email);
      return copy({ visitor, conversation: thread(visitor.conversationId).conversation, created: !known });
    },
    async getVisitor(visitorId) {
      const visitor = visitors.get(visitorId);
      return visitor && flat(visitor);
    },
    async getConversation(conversationId) {
      const found = threads.get(conversationId);
      return found && flat(found.conversation);
    },
    async getConversationByNumber(number) {
      const found = byNumber.get(number);
      return found && flat(found.conversation);
    },

    async append(conversationId, draft, { outbox = false } = {}) {
      const [result] = appendAll([{ conversationId, draft, outbox }]);
      return result!;
    },
    async appendBatch(items) {
      return appendAll(items);
    },
    async getMessage(conversationId, messageId) {
      const found = threads.get(conversationId)?.messages.find((message) => message.id === messageId);
      return found && copyMessage(found);
    },
    async getExternalId(conversationId, messageId) {
      for (const [externalId, message] of threads.get(conversationId)?.byExternalId ?? []) if (message.id === messageId) return externalId;
      return undefined;
    },
    async findExternal(conversationId, externalId) {
      const original = threads.get(conversationId)?.byExternalId.get(externalId);
      if (!original) return undefined;
      return copy({ original, latest: threads.get(conversationId)!.latest.get(original.id) ?? original });
    },
    async listMessages(conversationId, { after = 0, before, limit }) {
      const messages = threads.get(conversationId)?.messages ?? [];
      const count = Math.max(0, Math.floor(limit));
      const range = messages.filter((message) => message.seq > after && (before === undefined || message.seq < before));
      // With `before` the page is the newest `limit` below it (scrolling back); otherwise the oldest after `after`.
      const page = before === undefined ? range.slice(0, count) : range.slice(Math.max(0, range.length - count));
      return copy(page);
    },

    async outboxDue(now, limit) {
      const due: OutboxItem[] = [];
      for (const head of heads()) {
        if (due.length >= limit) break;
        if (head.nextAttemptAt <= now) due.push(copy(head));
      }
      return due;
    },
    async outboxClaim(_owner, now, limit) {
      return this.outboxDue(now, limit);
    },
    ...SOLE_RELAY_LEASES,
    async outboxNextAttemptAt() {
      let earliest: number | undefined;
      for (const head of heads()) if (earliest === undefined || head.nextAttemptAt < earliest) earliest = head.nextAttemptAt;
      return earliest;
    },
    async outboxDelivered(itemId) {
      const item = outbox.get(itemId);
      if (!item) throw unknownOutboxItem(itemId);
      outbox.delete(itemId);
      const { conversation } = thread(item.conversationId);
      conversation.deliveredSeq = Math.max(conversation.deliveredSeq, item.seq);
      return conversation.deliveredSeq;
    },
    async markRead(conversationId, seq) {
      const found = threads.get(conversationId);
      if (!found) return 0;
      if (seq > (found.conversation.readSeq ?? 0)) found.conversation.readSeq = seq;
      return found.conversation.readSeq ?? 0;
    },
    async outboxRetry(itemId, nextAttemptAt, error) {
      const item = outbox.get(itemId);
      if (!item) throw unknownOutboxItem(itemId);
      item.attempts += 1;
      item.nextAttemptAt = nextAttemptAt;
      item.lastError = error;
    },
    async outboxSize() {
      return outbox.size;
    },

    async close() {},
  };
};

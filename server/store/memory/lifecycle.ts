import { ACTIVITY_GRANULARITY_MS, addErased, noneErased, type Erased, type StoreLifecycle } from '../lifecycle.ts';
import type { MemoryState, Thread } from './state.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Raises a thread's activity to `at` when what it has is over the granularity old (as the SQLite store writes it). */
export const markActive = (thread: Thread | undefined, at: number): void => {
  if (thread && thread.activeAt < iso(at - ACTIVITY_GRANULARITY_MS)) thread.activeAt = iso(at);
};

/** The lifecycle half of the memory store (see StoreLifecycle). */
export const createMemoryLifecycle = (state: MemoryState): StoreLifecycle => {
  const { visitors, byExternalId, threads, byNumber, outbox, uploads, links, now } = state;
  const threadOf = (visitorId: string) => {
    const visitor = visitors.get(visitorId);
    return visitor && threads.get(visitor.conversationId);
  };
  const queued = () => new Set([...outbox.values()].map((item) => item.conversationId));
  const queuedMessages = () => new Set([...outbox.values()].map((item) => `${item.conversationId} ${item.seq}`));

  /** Drops the given messages and every index entry that names them; the newest remaining version stays the latest. */
  const dropMessages = (thread: Thread, gone: Set<string>) => {
    thread.messages = thread.messages.filter((message) => !gone.has(message.id));
    for (const index of [thread.byClientId, thread.byExternalId]) for (const [key, message] of index) if (gone.has(message.id)) index.delete(key);
    thread.latest.clear();
    for (const message of thread.messages) if (message.replaces !== undefined) thread.latest.set(message.replaces, message);
  };

  const erase = (visitorId: string): Erased | undefined => {
    const visitor = visitors.get(visitorId);
    const thread = visitor && threads.get(visitor.conversationId);
    if (!visitor || !thread) return undefined;
    const conversationId = thread.conversation.id;
    let queuedCount = 0;
    for (const [id, item] of outbox) if (item.conversationId === conversationId && outbox.delete(id)) queuedCount++;
    const uploadIds = [...uploads.records()].filter((upload) => upload.conversationId === conversationId).map((upload) => upload.id);
    for (const id of uploadIds) uploads.remove(id);
    threads.delete(conversationId);
    byNumber.delete(thread.conversation.number);
    visitors.delete(visitorId);
    if (visitor.externalId !== undefined) byExternalId.delete(visitor.externalId);
    return { visitors: 1, conversations: 1, messages: thread.messages.length, outbox: queuedCount, links: links.remove(visitorId) ? 1 : 0, uploads: uploadIds.length, uploadIds };
  };

  return {
    async touchVisitor(visitorId) {
      markActive(threadOf(visitorId), now());
    },
    async lastActive(visitorId) {
      return threadOf(visitorId)?.activeAt;
    },
    async getVisitorByExternalId(externalId) {
      const visitor = byExternalId.get(externalId);
      return visitor && structuredClone(visitor);
    },
    async listUploads(conversationId) {
      return structuredClone(
        [...uploads.records()].filter((upload) => upload.conversationId === conversationId).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)),
      );
    },
    async eraseVisitor(visitorId) {
      return erase(visitorId);
    },
    async pruneMessages(before, limit) {
      const keep = queuedMessages();
      const candidates = [...threads.values()]
        .flatMap((thread) =>
          thread.messages.filter((message) => message.createdAt < before && !keep.has(`${message.conversationId} ${message.seq}`)).map((message) => ({ thread, message })),
        )
        .sort((a, b) => (a.message.createdAt < b.message.createdAt ? -1 : a.message.createdAt > b.message.createdAt ? 1 : 0))
        .slice(0, Math.max(0, Math.floor(limit)));
      const gone = new Map<Thread, Set<string>>();
      for (const { thread, message } of candidates) gone.set(thread, (gone.get(thread) ?? new Set()).add(message.id));
      for (const [thread, ids] of gone) dropMessages(thread, ids);
      return candidates.length;
    },
    async pruneVisitors(inactiveBefore, limit) {
      const busy = queued();
      const inactive = [...threads.values()]
        .filter((thread) => thread.activeAt < inactiveBefore && !busy.has(thread.conversation.id))
        .sort((a, b) => (a.activeAt < b.activeAt ? -1 : a.activeAt > b.activeAt ? 1 : 0))
        .slice(0, Math.max(0, Math.floor(limit)));
      return inactive.reduce((total, thread) => addErased(total, erase(thread.conversation.visitorId)!), noneErased());
    },
    async pruneUploads({ unsentBefore, before }, limit) {
      const busy = queued();
      const max = Math.max(0, Math.floor(limit));
      const all = [...uploads.records()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
      const unsent = all.filter((upload) => upload.sentAt === undefined && upload.createdAt < unsentBefore);
      const expired = before === undefined ? [] : all.filter((upload) => upload.createdAt < before && !busy.has(upload.conversationId));
      const ids = [...new Set([...unsent, ...expired].map((upload) => upload.id))].slice(0, max);
      for (const id of ids) uploads.remove(id);
      return ids;
    },
    async existingUploads(uploadIds) {
      return new Set(uploadIds.filter((id) => uploads.has(id)));
    },
  };
};

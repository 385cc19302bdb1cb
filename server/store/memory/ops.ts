import type { Message } from '../../../src/protocol/index.ts';
import type { OutboxItem, Store } from '../types.ts';

/** Readiness and the outbox's depth and age, in memory; `messageOf` finds a queued item's message. */
export const createMemoryOps = (outbox: ReadonlyMap<string, OutboxItem>, messageOf: (item: OutboxItem) => Message | undefined): Pick<Store, 'health' | 'outboxStats'> => ({
  health: async () => ({ migrationsPending: 0 }),
  async outboxStats() {
    // Insertion order is queue order: the first item is the oldest.
    const [first] = outbox.values();
    const message = first && messageOf(first);
    return { size: outbox.size, ...(message ? { oldestAt: Date.parse(message.createdAt) } : {}) };
  },
});

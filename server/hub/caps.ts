export interface StreamCapOptions {
  perVisitor?: number;
  perAddress?: number;
}

/** Which cap closed a stream: the visitor's (their tabs and devices) or the client address's. */
export type EvictionReason = 'visitor' | 'address';

interface Entry {
  visitorId: string;
  address: string;
  evict: (reason: EvictionReason) => void;
}

/**
 * Open streams per visitor and per client address, oldest first. Opening one past a cap evicts the oldest of that
 * visitor or address, so a visitor's newest tab always streams; an evicted stream is forgotten at once.
 */
export const createStreamCaps = ({ perVisitor = 5, perAddress = 50 }: StreamCapOptions = {}) => {
  // Sets keep insertion order: the first entry is the oldest stream.
  const byVisitor = new Map<string, Set<Entry>>();
  const byAddress = new Map<string, Set<Entry>>();

  const remove = (entry: Entry) => {
    for (const [groups, key] of [[byVisitor, entry.visitorId], [byAddress, entry.address]] as const) {
      const group = groups.get(key);
      if (group?.delete(entry) && group.size === 0) groups.delete(key);
    }
  };

  const add = (groups: Map<string, Set<Entry>>, key: string, entry: Entry, cap: number, reason: EvictionReason) => {
    let group = groups.get(key);
    if (!group) groups.set(key, (group = new Set()));
    group.add(entry);
    for (const oldest of group) {
      if (group.size <= cap) break;
      remove(oldest);
      oldest.evict(reason);
    }
  };

  /** Counts a new stream, evicting what it pushes past a cap; returns how to forget it when it closes. */
  const open = (visitorId: string, address: string, evict: (reason: EvictionReason) => void): (() => void) => {
    const entry: Entry = { visitorId, address, evict };
    add(byVisitor, visitorId, entry, perVisitor, 'visitor');
    add(byAddress, address, entry, perAddress, 'address');
    return () => remove(entry);
  };

  return { open, stats: () => ({ visitors: byVisitor.size, addresses: byAddress.size }) };
};

export type StreamCaps = ReturnType<typeof createStreamCaps>;

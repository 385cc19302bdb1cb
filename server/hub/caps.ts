export interface StreamCapOptions<T> {
  perVisitor?: number;
  perAddress?: number;
  /** Ends a stream a newer one pushed past a cap; it is no longer counted by then. */
  evict: (stream: T, reason: EvictionReason) => void;
}

/** Which cap ended a stream: the visitor's (their tabs and devices) or the client address's. */
export type EvictionReason = 'visitor' | 'address';

interface Entry<T> {
  visitorId: string;
  address: string;
  stream: T;
}

/**
 * Open streams per visitor and per client address, oldest first. Opening one past a cap evicts the oldest of that
 * visitor or address, so a visitor's newest tab always streams. Groups are small arrays (a Set per visitor would cost
 * more memory than the stream it counts).
 */
export const createStreamCaps = <T>({ perVisitor = 5, perAddress = 50, evict }: StreamCapOptions<T>) => {
  const byVisitor = new Map<string, Entry<T>[]>();
  const byAddress = new Map<string, Entry<T>[]>();

  const leave = (groups: Map<string, Entry<T>[]>, key: string, entry: Entry<T>) => {
    const group = groups.get(key);
    const at = group?.indexOf(entry) ?? -1;
    if (at < 0) return;
    if (group!.length === 1) groups.delete(key);
    else group!.splice(at, 1);
  };
  const remove = (entry: Entry<T>) => {
    leave(byVisitor, entry.visitorId, entry);
    leave(byAddress, entry.address, entry);
  };

  const join = (groups: Map<string, Entry<T>[]>, key: string, entry: Entry<T>, cap: number, reason: EvictionReason) => {
    const group = groups.get(key);
    if (!group) return void groups.set(key, [entry]);
    group.push(entry);
    while (group.length > cap) {
      const oldest = group[0]!;
      remove(oldest);
      evict(oldest.stream, reason);
    }
  };

  /** Counts a new stream, evicting what it pushes past a cap; `close` forgets it. */
  const open = (visitorId: string, address: string, stream: T): Entry<T> => {
    const entry = { visitorId, address, stream };
    join(byVisitor, visitorId, entry, perVisitor, 'visitor');
    join(byAddress, address, entry, perAddress, 'address');
    return entry;
  };

  return { open, close: remove, stats: () => ({ visitors: byVisitor.size, addresses: byAddress.size }) };
};

export type StreamCaps<T> = ReturnType<typeof createStreamCaps<T>>;

import type { StreamEvent } from '../../src/protocol/index.ts';
import { HEARTBEAT_FRAME, formatEvent, type Frame, type SseConnection } from './sse.ts';

export interface HubOptions {
  heartbeatMs?: number;
  /** Heartbeats are spread over this many ticks per interval so 10k streams never stall the event loop at once. */
  heartbeatSlices?: number;
}

/** Live fan-out: subscribers per conversation. In-process; history and resume come from the store. */
export const createHub = ({ heartbeatMs = 20_000, heartbeatSlices = 50 }: HubOptions = {}) => {
  const conversations = new Map<string, Set<SseConnection>>();
  const slices = Array.from({ length: heartbeatSlices }, () => new Set<SseConnection>());
  let nextSlice = 0;
  let tick = 0;
  let connections = 0;
  let delivered = 0;

  // One timer for every connection keeps idle connections cheap; each tick beats one slice of them.
  const heartbeat = setInterval(() => {
    const slice = slices[tick++ % slices.length];
    if (slice) for (const connection of slice) connection.write(HEARTBEAT_FRAME);
  }, heartbeatMs / heartbeatSlices);
  heartbeat.unref();

  const subscribe = (conversationId: string, connection: SseConnection): (() => void) => {
    let set = conversations.get(conversationId);
    if (!set) conversations.set(conversationId, (set = new Set()));
    set.add(connection);
    const slice = slices[nextSlice++ % slices.length];
    slice?.add(connection);
    connections++;
    return () => {
      if (!set.delete(connection)) return;
      slice?.delete(connection);
      connections--;
      if (set.size === 0) conversations.delete(conversationId);
    };
  };

  const publish = (conversationId: string, event: StreamEvent): void => {
    const set = conversations.get(conversationId);
    if (!set) return;
    const frame: Frame =
      event.event === 'message' ? { seq: event.data.seq, text: formatEvent('message', event.data, event.data.seq) } : { text: formatEvent(event.event, event.data) };
    for (const connection of set) connection.deliver(frame);
    delivered += set.size;
  };

  /** Bytes waiting for slow clients, summed: what backpressure keeps bounded. */
  const unsent = (): number => {
    let bytes = 0;
    for (const set of conversations.values()) for (const connection of set) bytes += connection.unsentBytes ?? 0;
    return bytes;
  };

  const close = (): void => {
    clearInterval(heartbeat);
    for (const set of conversations.values()) for (const connection of set) connection.close();
    conversations.clear();
    for (const slice of slices) slice.clear();
    connections = 0;
  };

  return {
    subscribe,
    publish,
    /** Open connections: cheap to ask on every new stream (`stats()` also sums what waits for slow clients). */
    count: (): number => connections,
    stats: () => ({ connections, conversations: conversations.size, delivered, unsentBytes: unsent() }),
    close,
  };
};

export type Hub = ReturnType<typeof createHub>;

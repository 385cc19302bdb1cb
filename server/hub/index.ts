import type { StreamEvent } from '../../src/protocol/index.ts';
import { HEARTBEAT_FRAME, formatEvent, type Frame, type SseConnection } from './sse.ts';

export interface HubOptions {
  heartbeatMs?: number;
}

/** Live fan-out: subscribers per conversation. In-process; history and resume come from the store. */
export const createHub = ({ heartbeatMs = 20_000 }: HubOptions = {}) => {
  const conversations = new Map<string, Set<SseConnection>>();
  let connections = 0;
  let delivered = 0;

  // One timer for every connection keeps idle connections cheap.
  const heartbeat = setInterval(() => {
    for (const set of conversations.values()) for (const connection of set) connection.write(HEARTBEAT_FRAME);
  }, heartbeatMs);
  heartbeat.unref();

  const subscribe = (conversationId: string, connection: SseConnection): (() => void) => {
    let set = conversations.get(conversationId);
    if (!set) conversations.set(conversationId, (set = new Set()));
    set.add(connection);
    connections++;
    return () => {
      if (!set.delete(connection)) return;
      connections--;
      if (set.size === 0) conversations.delete(conversationId);
    };
  };

  const publish = (conversationId: string, event: StreamEvent): void => {
    const set = conversations.get(conversationId);
    if (!set) return;
    const frame: Frame =
      event.event === 'message'
        ? { seq: event.data.seq, text: formatEvent('message', event.data, event.data.seq) }
        : { text: formatEvent(event.event, event.data) };
    for (const connection of set) connection.deliver(frame);
    delivered += set.size;
  };

  const close = (): void => {
    clearInterval(heartbeat);
    for (const set of conversations.values()) for (const connection of set) connection.close();
    conversations.clear();
    connections = 0;
  };

  return {
    subscribe,
    publish,
    stats: () => ({ connections, conversations: conversations.size, delivered }),
    close,
  };
};

export type Hub = ReturnType<typeof createHub>;

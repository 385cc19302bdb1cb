import type { Message } from '../../../src/protocol/index.ts';
import type { Conversation, OutboxItem, Visitor } from '../types.ts';
import type { createMemoryLinks } from './links.ts';
import type { createMemoryUploads } from './uploads.ts';

export interface Thread {
  conversation: Conversation;
  /** Ascending by seq; retention may have removed some. */
  messages: Message[];
  /** The highest seq handed out: never reused, also after messages were removed. */
  lastSeq: number;
  /** ISO 8601, kept to the hour (see ACTIVITY_GRANULARITY_MS). */
  activeAt: string;
  byClientId: Map<string, Message>;
  byExternalId: Map<string, Message>;
  /** Original message id → its newest version. */
  latest: Map<string, Message>;
}

/** Everything the memory store holds, shared by its halves. */
export interface MemoryState {
  visitors: Map<string, Visitor>;
  byExternalId: Map<string, Visitor>;
  threads: Map<string, Thread>;
  byNumber: Map<number, Thread>;
  /** Insertion order is queue order, and within a conversation also seq order: the first item met is the head. */
  outbox: Map<string, OutboxItem>;
  uploads: ReturnType<typeof createMemoryUploads>;
  links: ReturnType<typeof createMemoryLinks>;
  now: () => number;
}

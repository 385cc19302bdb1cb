import type { Message } from '../src/protocol/index.ts';

/** What runs in the child process: the relay, or the minimal node:http SSE server it is compared with. */
export type ServerKind = 'relay' | 'bare';

/** One stream to open: the path and headers of its GET request. */
export interface StreamTarget {
  /** Visitor id: UChat `sender_id` for the relay, the routing key for the bare server. */
  id: string;
  path: string;
  headers: Record<string, string>;
}

export type Command =
  /** `streams` stream targets; shared = all on one conversation, else one visitor (and conversation) each. */
  | { type: 'setup'; streams: number; shared: boolean }
  /** Forces GC, then reports memory and open streams. */
  | { type: 'stats' }
  /** Publishes `rounds` events to every conversation set up last. */
  | { type: 'fanout'; rounds: number }
  /** CPU time (user + system) the process has used so far, in ms. */
  | { type: 'cpu' }
  /** GC pauses and event-loop delay since the previous `pauses` command. */
  | { type: 'pauses' }
  | { type: 'stop' };

export interface Stats {
  rss: number;
  /** Resident bytes of V8's young generation (new space): bounded, grows with allocation rate, not with streams. */
  youngGen: number;
  heapUsed: number;
  connections: number;
}

export interface Pauses {
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** Largest event-loop delay seen (perf_hooks histogram, 10 ms resolution). */
  loopMaxMs: number;
}

export interface SetupReply {
  targets: StreamTarget[];
  /** Where webhooks (relay) or publish requests (bare) go. */
  publishPath: string;
  /** Relay only: the webhook verification key of the started config, to sign pushes with. */
  verificationKey?: string;
}

export interface FanoutReply {
  /** Wall time of the publish loop in the server process. */
  ms: number;
}

/** Text of every fan-out event; the clients count its occurrences. */
export const FANOUT_TEXT = 'fanout-frame';

/** A bot message as the relay streams it. seq values of 7 digits keep relay and bare frames byte for byte the same size. */
export const sampleMessage = (conversationId: string, seq: number, text = FANOUT_TEXT): Message => ({
  id: 'm_bench0000000000000000000',
  seq,
  conversationId,
  author: 'bot',
  createdAt: '2025-01-01T00:00:00.000Z',
  body: { kind: 'text', text },
});

export const FIRST_SEQ = 1_000_000;

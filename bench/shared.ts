import { createHmac } from 'node:crypto';
import type { Message } from '../src/protocol/index.ts';

/**
 * What runs in the child process: the relay on the durable SQLite store, the relay on the memory store, or the bare
 * node:http SSE server they are compared with.
 */
export type ServerKind = 'sqlite' | 'memory' | 'bare';
export const SERVER_KINDS: readonly ServerKind[] = ['sqlite', 'memory', 'bare'];
export const isServerKind = (value: unknown): value is ServerKind => SERVER_KINDS.includes(value as ServerKind);

/** One stream to open: the path and headers of its GET request. */
export interface StreamTarget {
  /** Visitor id: UChat `sender_id`, the routing key of both servers. */
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
  /** With BENCH_CPU_PROF=<dir>: starts a CPU profile, or stops it and writes `<dir>/<kind>-<name>.cpuprofile`. */
  | { type: 'profile'; name: string; on: boolean }
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
  /** Where signed pushes go: `/webhooks/uchat` (relay) or `/publish` (bare). */
  publishPath: string;
  /** The key both servers verify `X-Hub-Signature-256` with. */
  verificationKey: string;
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

/** The UChat push both servers take: a bot text for one visitor, as UChat signs and sends it. */
export const pushBody = (visitorId: string, text: string): string => JSON.stringify({ sender_id: visitorId, text, type: 'text', message_type: 'outgoing', private: false });

/** UChat's signature header (node lower-cases header names) and its value: `sha256=` + hex HMAC-SHA256 of the raw body. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';
export const signPush = (key: string, body: string): string => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

/**
 * Reads numbered marks (`"text":"<prefix><n>"`) out of each stream's frames as they arrive, frames split across
 * chunks included: the first arrival of each n below `receivedAt.length` is stamped there. Returns how many were new.
 */
export const createMarkReader = (prefix: string, streams: number, receivedAt: Float64Array) => {
  const mark = new RegExp(`"text":"${prefix}(\\d+)"`, 'g');
  const pending = Array.from({ length: streams }, () => '');
  return (index: number, chunk: Buffer, now: number): number => {
    const text = pending[index] + chunk.toString('latin1');
    const end = text.lastIndexOf('\n\n');
    if (end < 0) {
      pending[index] = text;
      return 0;
    }
    pending[index] = text.slice(end + 2);
    let fresh = 0;
    for (const match of text.slice(0, end).matchAll(mark)) {
      const n = Number(match[1]);
      if (n < receivedAt.length && Number.isNaN(receivedAt[n]!)) {
        receivedAt[n] = now;
        fresh++;
      }
    }
    return fresh;
  };
};

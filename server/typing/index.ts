import type { StreamEvent } from '../../src/protocol/index.ts';
import type { Store } from '../store/types.ts';

export interface TypingOptions {
  /** To every relay's streams of the conversation. */
  publish(conversationId: string, event: StreamEvent): void;
  /** To this relay's streams only (an indicator that times out here times out on every relay by itself); `publish` unless given. */
  publishHere?(conversationId: string, event: StreamEvent): void;
  /** Looks for a reply that came in before the delivery was confirmed. */
  store: Pick<Store, 'listMessages'>;
  /** The indicator goes off by itself when no answer comes within this time. */
  timeoutMs?: number;
}

export interface Typing {
  /** A visitor message (at `seq`) was accepted by the platform: the bot is preparing an answer. */
  delivered(conversationId: string, seq: number): Promise<void>;
  /** A bot or agent message is about to be streamed: the indicator goes off first (if it is on). */
  replied(conversationId: string): void;
  /** The platform itself says someone is typing (or stopped); on goes off by itself after the timeout. */
  signal(conversationId: string, on: boolean): void;
  /** Another relay turned the indicator on or off: this relay's streams and timer follow, nothing is sent on. */
  mirror(conversationId: string, on: boolean): void;
  /** Conversations whose indicator is on. */
  active(): number;
  close(): void;
}

const LOOKAHEAD = 20;

/**
 * "The bot is typing", inferred: the platform's API chat channel has no typing event, so a delivered visitor message
 * turns the indicator on and the next reply (or the timeout) turns it off. Live only: never stored, never replayed.
 * At most one timer per conversation.
 */
export const createTyping = ({ publish, publishHere = publish, store, timeoutMs = 15_000 }: TypingOptions): Typing => {
  const timers = new Map<string, NodeJS.Timeout>();
  let closed = false;

  const off = (conversationId: string, to = publish) => {
    const timer = timers.get(conversationId);
    if (timer === undefined) return;
    clearTimeout(timer);
    timers.delete(conversationId);
    to(conversationId, { event: 'typing', data: { on: false } });
  };

  const on = (conversationId: string, to = publish) => {
    clearTimeout(timers.get(conversationId));
    // Every relay that knows the indicator is on runs this timer: each turns its own streams' indicator off.
    const timer = setTimeout(() => off(conversationId, publishHere), timeoutMs);
    timer.unref();
    timers.set(conversationId, timer);
    to(conversationId, { event: 'typing', data: { on: true } });
  };

  return {
    async delivered(conversationId, seq) {
      // A fast platform may answer before it confirms the delivery: then the answer is already there.
      const later = await store.listMessages(conversationId, { after: seq, limit: LOOKAHEAD });
      if (closed || later.some((message) => message.author !== 'visitor')) return;
      on(conversationId);
    },
    replied: off,
    signal: (conversationId, state) => (state ? !closed && on(conversationId) : off(conversationId)),
    mirror: (conversationId, state) => (state ? !closed && on(conversationId, publishHere) : off(conversationId, publishHere)),
    active: () => timers.size,
    close() {
      closed = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
};

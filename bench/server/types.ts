import type { SetupReply } from '../shared.ts';

/** The process under test, relay or bare: both answer the same commands. */
export interface ServerUnderTest {
  url: string;
  /** Replaces the previous setup; streams opened for it should be closed first. */
  setup(streams: number, shared: boolean): Promise<SetupReply>;
  connections(): number;
  /** Publishes `rounds` events to every conversation of the last setup, one round per event-loop turn. */
  fanout(rounds: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs `round(r)` for r in [0, rounds), one per event-loop turn. A round sends one event to every conversation, so
 * each socket gets one frame per turn, as with events that arrive one webhook at a time (no coalesced writes).
 */
export const perTurn = async (rounds: number, round: (r: number) => void): Promise<void> => {
  for (let r = 0; r < rounds; r++) {
    round(r);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
};

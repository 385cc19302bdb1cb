import { afterEach, describe, expect, it } from 'vitest';
import { createCapturingLogger } from '../log.ts';
import { createBus } from './index.ts';
import type { Bus, Signal, Transport } from './types.ts';

/** An engine a test may take away and bring back (engines.testing.ts). */
export interface Outage {
  down(): Promise<void>;
  up(): Promise<void>;
}

export interface BusContractOptions {
  /** A new transport on the shared channel: each call is another instance. */
  transport: () => Promise<Transport> | Transport;
  /** Given: the engine behind the transport, for the outage case. */
  outage?: Outage;
}

interface Listening {
  bus: Bus;
  signals: Signal[];
  gaps: number;
  /** Resolves once `count` signals arrived (rejects after `timeoutMs`). */
  received(count: number, timeoutMs?: number): Promise<Signal[]>;
}

const waitUntil = async (check: () => boolean, timeoutMs: number, what: string) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/** The contract every signal transport passes (local with a network, Postgres LISTEN/NOTIFY, Redis pub/sub). */
export function runBusContract(name: string, { transport, outage }: BusContractOptions): void {
  describe(`${name} signal bus contract`, () => {
    const opened: Bus[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((bus) => bus.close()));
    });
    const listening = async (): Promise<Listening> => {
      const logger = createCapturingLogger();
      const bus = createBus({ transport: await transport(), logger });
      opened.push(bus);
      const state: Listening = {
        bus,
        signals: [],
        gaps: 0,
        received: async (count, timeoutMs = 5000) => {
          await waitUntil(() => state.signals.length >= count, timeoutMs, `${count} signals (got ${state.signals.length})`);
          return state.signals;
        },
      };
      await bus.start({ signal: (signal) => state.signals.push(signal), gap: () => state.gaps++ });
      return state;
    };
    const signals: Signal[] = [
      { type: 'message', conversationId: 'c_one', seq: 7 },
      { type: 'delivered', conversationId: 'c_one', seq: 5 },
      { type: 'delivered', conversationId: 'c_one', seq: 6, read: 4 },
      { type: 'typing', conversationId: 'c_two', on: true },
      { type: 'typing', conversationId: 'c_two', on: false },
      { type: 'status', conversationId: 'c_two', status: 'resolved' },
    ];

    it('carries every kind of signal to the other instances with its fields, and never back to its sender', async () => {
      const [a, b, c] = [await listening(), await listening(), await listening()];
      expect(a.bus.instanceId).not.toBe(b.bus.instanceId);
      for (const signal of signals) a.bus.publish(signal);
      expect(await b.received(signals.length)).toEqual(signals);
      expect(await c.received(signals.length)).toEqual(signals);
      // The sender's own signals came back over the transport (or not): either way it is not told of them.
      b.bus.publish({ type: 'message', conversationId: 'c_back', seq: 1 });
      expect(await a.received(1)).toEqual([{ type: 'message', conversationId: 'c_back', seq: 1 }]);
      expect(a.signals).toHaveLength(1);
      expect(b.signals).toHaveLength(signals.length);
    });

    it('carries a burst of thousands of signals from one tick complete and in order, in several payloads', async () => {
      const [a, b] = [await listening(), await listening()];
      const burst = Array.from({ length: 3000 }, (_, index): Signal => ({ type: 'message', conversationId: `c_${index % 37}_${'x'.repeat(20)}`, seq: index + 1 }));
      for (const signal of burst) a.bus.publish(signal);
      expect(await b.received(burst.length, 10_000)).toEqual(burst);
    });

    it('ignores payloads that are not signals, and keeps carrying the ones that are', async () => {
      const raw = await transport();
      await raw.listen({ payload: () => undefined, gap: () => undefined });
      const b = await listening();
      for (const junk of ['not json', '{}', '{"o":"i_x","s":[["m","c",-1]]}', '{"o":"i_x","s":[["x","c",1]]}', '{"o":"i_x","s":[["s","c","gone"]]}', '[]']) await raw.send(junk);
      await raw.send('{"o":"i_other","s":[["m","c_ok",3]]}');
      expect(await b.received(1)).toEqual([{ type: 'message', conversationId: 'c_ok', seq: 3 }]);
      await raw.close();
    });

    it('publishes nothing once closed, and a closed bus hears nothing', async () => {
      const [a, b, c] = [await listening(), await listening(), await listening()];
      await b.bus.close();
      a.bus.publish({ type: 'message', conversationId: 'c_1', seq: 1 });
      await c.received(1);
      expect(b.signals).toEqual([]);
      expect(() => b.bus.publish({ type: 'message', conversationId: 'c_1', seq: 2 })).not.toThrow();
      expect(a.bus.state()).toBe('ok');
    });

    if (outage)
      it('survives its engine going away: publishing never throws, the state says so, and once back it asks for a catch-up and carries signals again', async () => {
        const [a, b] = [await listening(), await listening()];
        a.bus.publish(signals[0]!);
        await b.received(1);
        await outage!.down();
        a.bus.publish({ type: 'message', conversationId: 'c_lost', seq: 9 });
        await waitUntil(() => b.bus.state() !== 'ok', 15_000, 'the state to leave ok');
        expect(b.bus.state()).toBe('reconnecting');
        await outage!.up();
        await waitUntil(() => a.bus.state() === 'ok' && b.bus.state() === 'ok' && b.gaps > 0 && a.gaps > 0, 20_000, 'both back, with a gap reported');
        // Lossy while anything is still reconnecting: sent again until heard, as the next write would be.
        await waitUntil(
          () => {
            if (b.signals.some((signal) => signal.conversationId === 'c_after')) return true;
            a.bus.publish({ type: 'message', conversationId: 'c_after', seq: 10 });
            return false;
          },
          10_000,
          'a signal after the outage',
        );
      }, 60_000);
  });
}

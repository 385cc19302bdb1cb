import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/index.ts';
import type { Bus, Signal, Transport } from './types.ts';

export type { Bus, Signal, Transport, TransportState } from './types.ts';

const Id = z.string().min(1).max(64);
const Seq = z.number().int().nonnegative();
/** One signal on the wire, as a short tuple: [kind, conversation id, value]. */
const WireSignal = z.union([
  z.tuple([z.literal('m'), Id, Seq]),
  z.tuple([z.literal('d'), Id, Seq]),
  z.tuple([z.literal('d'), Id, Seq, Seq]),
  z.tuple([z.literal('t'), Id, z.boolean()]),
  z.tuple([z.literal('s'), Id, z.enum(['open', 'pending', 'resolved', 'snoozed'])]),
]);
/**
 * A payload: the sending instance and its signals, in the order they were published; `g` when the sender had to
 * drop signals earlier (its transport was away), so every receiver catches up.
 */
const Payload = z.object({ o: Id, s: z.array(WireSignal).max(10_000), g: z.literal(1).optional() });
type Wire = z.infer<typeof WireSignal>;

const toWire = (signal: Signal): Wire => {
  switch (signal.type) {
    case 'message':
      return ['m', signal.conversationId, signal.seq];
    case 'delivered':
      return signal.read === undefined ? ['d', signal.conversationId, signal.seq] : ['d', signal.conversationId, signal.seq, signal.read];
    case 'typing':
      return ['t', signal.conversationId, signal.on];
    case 'status':
      return ['s', signal.conversationId, signal.status];
  }
};

const fromWire = (wire: Wire): Signal => {
  switch (wire[0]) {
    case 'm':
      return { type: 'message', conversationId: wire[1], seq: wire[2] };
    case 'd':
      return { type: 'delivered', conversationId: wire[1], seq: wire[2], ...(wire.length === 4 ? { read: wire[3] } : {}) };
    case 't':
      return { type: 'typing', conversationId: wire[1], on: wire[2] };
    case 's':
      return { type: 'status', conversationId: wire[1], status: wire[2] };
  }
};

/** A random id for this process: tells its own signals apart, and owns its outbox leases. */
export const newInstanceId = (): string => `i_${randomBytes(9).toString('base64url')}`;

export interface BusOptions {
  transport: Transport;
  instanceId?: string;
  logger: Logger;
  metrics?: Metrics;
  /** After signals were dropped, how soon the bus tries again to tell the others to catch up. */
  retryMs?: number;
}

/**
 * The bus over a transport: signals published in one tick go out as one payload (split to fit the transport), so a
 * burst of writes costs a few NOTIFYs or PUBLISHes, not one each. What arrives is checked (the channel is shared
 * infrastructure) and an instance's own signals are dropped: it has published them to its own streams already.
 */
export const createBus = ({ transport, instanceId = newInstanceId(), logger, metrics, retryMs = 1000 }: BusOptions): Bus => {
  let queued: Wire[] = [];
  let flushing = false;
  let closed = false;
  // Signals were dropped here: the next payload that goes out tells everyone to catch up (receivers cannot know).
  let owesGap = false;
  let retry: NodeJS.Timeout | undefined;
  let handlers: { signal(signal: Signal): void; gap(): void } | undefined;
  // A payload's overhead beside its signals: {"o":"<id>","s":[…]}.
  const overhead = instanceId.length + 20;
  const counted = metrics && {
    sent: metrics.counter('chatport_signals_total', { direction: 'sent' }),
    received: metrics.counter('chatport_signals_total', { direction: 'received' }),
    dropped: metrics.counter('chatport_signals_total', { direction: 'dropped' }),
  };
  let lastDropLog = 0;

  /** Splits the queue into payloads of at most maxPayload bytes (a signal is far smaller than any transport's limit). */
  const payloads = (signals: Wire[]): string[] => {
    const out: string[] = [];
    let part: string[] = [];
    let bytes = overhead;
    for (const signal of signals) {
      const text = JSON.stringify(signal);
      const size = Buffer.byteLength(text) + 1;
      if (part.length > 0 && bytes + size > transport.maxPayload) {
        out.push(`{"o":${JSON.stringify(instanceId)},"s":[${part.join(',')}]}`);
        part = [];
        bytes = overhead;
      }
      part.push(text);
      bytes += size;
    }
    if (part.length > 0) out.push(`{"o":${JSON.stringify(instanceId)},"s":[${part.join(',')}]}`);
    return out;
  };

  const flush = async () => {
    const signals = queued;
    queued = [];
    const out = payloads(signals);
    if (owesGap && out.length === 0) out.push(`{"o":${JSON.stringify(instanceId)},"s":[]}`);
    for (const payload of out) {
      const gap = owesGap;
      try {
        await transport.send(gap ? `${payload.slice(0, -1)},"g":1}` : payload);
        counted?.sent.inc();
        if (gap) owesGap = false;
      } catch (error) {
        // Lossy by design: once the transport takes payloads again, the next one tells every receiver to catch up
        // from the store (a receiver that heard nothing cannot know it missed something).
        counted?.dropped.inc();
        owesGap = true;
        if (Date.now() - lastDropLog > 10_000) {
          lastDropLog = Date.now();
          logger.warn('signals.send_failed', { transport: transport.name, reason: error instanceof Error ? error.message.split('\n')[0] : String(error) });
        }
      }
    }
    if (owesGap && !closed && retry === undefined) {
      retry = setTimeout(() => {
        retry = undefined;
        schedule();
      }, retryMs);
      retry.unref();
    }
  };

  const schedule = () => {
    if (flushing) return;
    flushing = true;
    setImmediate(() => {
      void flush().finally(() => {
        flushing = false;
        if (queued.length > 0 && !closed) schedule();
      });
    });
  };

  const receive = (text: string) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const payload = Payload.safeParse(parsed);
    if (!payload.success) {
      logger.warn('signals.malformed', { transport: transport.name, bytes: text.length });
      return;
    }
    if (payload.data.o === instanceId || !handlers) return;
    counted?.received.inc();
    for (const wire of payload.data.s) handlers.signal(fromWire(wire));
    if (payload.data.g) handlers.gap();
  };

  return {
    transport: transport.name,
    shared: !transport.alone,
    instanceId,
    publish(signal) {
      if (closed || transport.alone) return;
      queued.push(toWire(signal));
      schedule();
    },
    async start(given) {
      handlers = given;
      await transport.listen({ payload: receive, gap: () => handlers?.gap() });
    },
    state: () => transport.state(),
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(retry);
      if (queued.length > 0) await flush();
      await transport.close();
    },
  };
};

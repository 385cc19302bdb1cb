/**
 * The signal bus: how relays that share one store tell each other that something changed. A signal carries ids and
 * small flags only, never a message: the store is the truth, and a receiver reads what it needs from it. Signals
 * are lossy by design (a transport may drop them while it reconnects); a lost one is healed by a catch-up read, which
 * the bus asks for with `gap` whenever signals may have been missed.
 */
export type Signal =
  /** The conversation has messages up to `seq` (stored, committed). */
  | { type: 'message'; conversationId: string; seq: number }
  /** The platform accepted every visitor message up to `seq`; the agent has read up to `read`, where the platform says. */
  | { type: 'delivered'; conversationId: string; seq: number; read?: number }
  /** The bot or agent started (or stopped) typing. */
  | { type: 'typing'; conversationId: string; on: boolean }
  /** The conversation's state on the platform changed. */
  | { type: 'status'; conversationId: string; status: 'open' | 'pending' | 'resolved' | 'snoozed' };

/** A transport's state: `ok`, or a short reason it cannot carry signals now (no addresses, no secrets). */
export type TransportState = 'ok' | 'connecting' | 'reconnecting';

export interface TransportHandlers {
  /** One payload another instance (or this one) sent. */
  payload(text: string): void;
  /** Payloads may have been missed (the transport reconnected): whoever follows something reads it again. */
  gap(): void;
}

/**
 * What carries payloads between instances: Postgres LISTEN/NOTIFY, Redis pub/sub, or in-process (one relay). Every
 * transport passes the contract suite in bus.testing.ts.
 */
export interface Transport {
  readonly name: 'local' | 'postgres' | 'redis';
  /** The most bytes one payload may have. */
  readonly maxPayload: number;
  /** No other instance can hear it (one relay on its own): publishing is skipped altogether. */
  readonly alone?: boolean;
  /** Starts listening; resolves once listening or (an engine that is down) once it is trying to, in the background. */
  listen(handlers: TransportHandlers): Promise<void>;
  /** Sends to every instance on the same channel (this one too, possibly). Rejects while the transport is down. */
  send(payload: string): Promise<void>;
  state(): TransportState;
  close(): Promise<void>;
}

export interface Bus {
  /** The transport's name: what /readyz and the logs call it. */
  readonly transport: Transport['name'];
  /** Other relays can hear it (false for a relay on its own, whose bus publishes nothing). */
  readonly shared: boolean;
  /** This process among the relays (also the owner of its outbox leases). */
  readonly instanceId: string;
  /** Sends a signal to the other instances, batched with the others of this tick; never throws (lossy). */
  publish(signal: Signal): void;
  /** Signals from other instances (never this one's own), and gaps. Set once, before `start`. */
  start(handlers: { signal(signal: Signal): void; gap(): void }): Promise<void>;
  state(): TransportState;
  close(): Promise<void>;
}

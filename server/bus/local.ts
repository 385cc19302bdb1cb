import type { Transport, TransportHandlers } from './types.ts';

/** Instances in one process that hear each other (tests, and the bus contract's own cases). */
export interface LocalNetwork {
  listeners: Set<TransportHandlers>;
}

export const createLocalNetwork = (): LocalNetwork => ({ listeners: new Set() });

/**
 * The bus of a relay on its own (memory or SQLite store): nothing to tell anyone, so publishing is skipped. Given a
 * network, relays in one process hear each other through it (payloads are delivered on a later tick, as over a
 * socket).
 */
export const createLocalTransport = ({ network }: { network?: LocalNetwork } = {}): Transport => {
  let handlers: TransportHandlers | undefined;
  return {
    name: 'local',
    maxPayload: 64 * 1024,
    ...(network ? {} : { alone: true }),
    async listen(given) {
      handlers = given;
      network?.listeners.add(given);
    },
    async send(payload) {
      if (!network) return;
      const listeners = [...network.listeners];
      setImmediate(() => {
        for (const listener of listeners) listener.payload(payload);
      });
    },
    state: () => 'ok',
    async close() {
      if (handlers) network?.listeners.delete(handlers);
    },
  };
};

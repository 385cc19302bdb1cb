import type { Store } from './types.ts';

/**
 * The lease half of the outbox for a store only one relay process uses (memory, SQLite): there is nobody to share
 * the outbox with, so every lease is held for ever and nothing needs renewing or letting go. Their claim is their
 * `outboxDue`.
 */
export const SOLE_RELAY_LEASES: Pick<Store, 'outboxRenew' | 'outboxRelease'> = {
  outboxRenew: async () => [],
  outboxRelease: async () => undefined,
};

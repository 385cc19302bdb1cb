import { HttpError } from '../http/errors.ts';
import type { Store } from '../store/types.ts';
import { formatMb } from './checks.ts';

export interface UploadQuotaOptions {
  store: Pick<Store, 'uploadUsage'>;
  /** All of one visitor's files together. */
  visitorBytes: number;
  /** All visitors' files together. */
  totalBytes: number;
}

/** The bytes of one upload as they arrive: counted against the quotas before each chunk is written. */
export interface Reservation {
  /** Counts `bytes` about to be written; throws 413 (nothing counted) when they would pass a quota. */
  add(bytes: number): void;
  /** The upload is recorded in the store, which counts its bytes from now on. */
  recorded(): void;
  /** The upload was refused or failed: none of its bytes count. */
  abandoned(): void;
}

const visitorQuotaExceeded = (limit: number) =>
  new HttpError(413, 'quota_exceeded', `this file would take your files past the per-visitor quota of ${formatMb(limit)} (${limit} bytes); nothing was stored`);
const totalQuotaExceeded = (limit: number) =>
  new HttpError(413, 'quota_exceeded', `the relay's storage quota for all visitors' files (${formatMb(limit)}, ${limit} bytes) is used up; nothing was stored`);

/**
 * The per-visitor and total upload quotas. The store knows what recorded uploads take; this process adds what it is
 * receiving right now and what it recorded since an upload began, so uploads running side by side cannot each
 * see room that only one of them may use. It never counts too little; for the instant a file is being recorded it
 * may count that file twice, which can only refuse early, never store too much.
 */
export const createUploadQuota = ({ store, visitorBytes, totalBytes }: UploadQuotaOptions) => {
  /** Visitors with uploads under way: bytes being received, bytes recorded while any of their uploads ran. */
  const visitors = new Map<string, { active: number; receiving: number; recorded: number }>();
  let receivingTotal = 0;
  let recordedTotal = 0;

  /** Starts counting an upload; throws 413 when its declared size would already pass a quota. */
  const begin = async (visitorId: string, declaredSize = 0): Promise<Reservation> => {
    const entry = visitors.get(visitorId) ?? { active: 0, receiving: 0, recorded: 0 };
    visitors.set(visitorId, entry);
    entry.active++;
    const start = { visitor: entry.recorded, total: recordedTotal };
    let mine = 0;
    let finished = false;
    const finish = (recorded: boolean) => {
      if (finished) return;
      finished = true;
      entry.receiving -= mine;
      receivingTotal -= mine;
      if (recorded) {
        entry.recorded += mine;
        recordedTotal += mine;
      }
      if (--entry.active === 0) visitors.delete(visitorId);
    };

    try {
      const usage = await store.uploadUsage(visitorId);
      const check = (bytes: number) => {
        if (usage.visitorBytes + (entry.recorded - start.visitor) + entry.receiving + bytes > visitorBytes) throw visitorQuotaExceeded(visitorBytes);
        if (usage.totalBytes + (recordedTotal - start.total) + receivingTotal + bytes > totalBytes) throw totalQuotaExceeded(totalBytes);
      };
      check(declaredSize);
      return {
        add(bytes) {
          check(bytes);
          mine += bytes;
          entry.receiving += bytes;
          receivingTotal += bytes;
        },
        recorded: () => finish(true),
        abandoned: () => finish(false),
      };
    } catch (error) {
      finish(false);
      throw error;
    }
  };

  return { begin };
};

export type UploadQuota = ReturnType<typeof createUploadQuota>;

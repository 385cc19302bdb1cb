import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../log.ts';
import type { Store } from '../store/types.ts';
import type { BlobStore } from '../uploads/blobs.ts';
import type { Metrics } from '../metrics/index.ts';

const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;

export interface RetentionOptions {
  store: Store;
  blobs: BlobStore;
  logger: Logger;
  /** RETENTION_DAYS. Undefined keeps messages and visitors; unsent uploads and stray files are swept regardless. */
  days?: number;
  /** The clock cutoffs are taken from (epoch ms). */
  now?: () => number;
  /** The first pass runs this long after start (a moment, so a starting relay serves first). */
  startDelayMs?: number;
  /** Between passes. */
  intervalMs?: number;
  /** Rows per transaction; after each the event loop gets a turn, so a backlog never holds the write lock for long. */
  batch?: number;
  /** How long an upload may wait to be sent before it counts as abandoned. */
  orphanAfterMs?: number;
  metrics?: Pick<Metrics, 'inc'>;
  /** Called after every pass (tests wait on it). */
  onPass?: (result: PassResult) => void;
}

export interface PassResult {
  messages: number;
  visitors: number;
  uploads: number;
  /** Upload files on disk that no record names (left by a crash between writing the bytes and recording them). */
  strayFiles: number;
}

/**
 * Deletes what the relay no longer needs, in the background: with RETENTION_DAYS, messages and uploads older than
 * the period and visitors inactive for that long (with everything of theirs); always, uploads never sent within a
 * day and stray upload files. A message still waiting for delivery, and its conversation, are never touched.
 * Every step is one short bounded transaction; `close()` stops between steps.
 */
export const createRetention = ({
  store,
  blobs,
  logger,
  days,
  now = Date.now,
  startDelayMs = 30_000,
  intervalMs = HOUR,
  batch = 500,
  orphanAfterMs = DAY,
  metrics,
  onPass,
}: RetentionOptions) => {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<PassResult | undefined> | undefined;
  let closed = false;
  // Listing every upload file is the costly step: once per orphan period is enough for crash leftovers.
  let lastStraySweep = -Infinity;
  const visitorBatch = Math.max(1, Math.floor(batch / 10));
  const iso = (ms: number) => new Date(ms).toISOString();

  const removeBytes = async (uploadIds: string[]) => {
    for (const id of uploadIds) {
      await blobs.remove(id).catch((error: unknown) => logger.warn('retention.remove_failed', { uploadId: id, reason: error instanceof Error ? error.message : String(error) }));
    }
  };

  /** Runs `step` until it does less than a full batch (or the relay closes), yielding between steps. */
  const drain = async (step: () => Promise<{ done: number; full: boolean }>): Promise<number> => {
    let total = 0;
    while (!closed) {
      const { done, full } = await step();
      total += done;
      if (!full) break;
      await nextTurn();
    }
    return total;
  };

  const sweepStrayFiles = async (olderThan: number): Promise<number> => {
    let removed = 0;
    let chunk: string[] = [];
    const check = async () => {
      const known = await store.existingUploads(chunk);
      for (const key of chunk) {
        if (known.has(key)) continue;
        const writtenAt = await blobs.writtenAt(key);
        // Bytes are written before their record: a fresh file may be an upload a moment from being recorded.
        if (writtenAt !== undefined && writtenAt < olderThan) {
          await removeBytes([key]);
          removed++;
        }
      }
      chunk = [];
      await nextTurn();
    };
    for await (const key of blobs.keys()) {
      if (closed) break;
      chunk.push(key);
      if (chunk.length >= batch) await check();
    }
    if (chunk.length > 0 && !closed) await check();
    return removed;
  };

  const pass = async (): Promise<PassResult> => {
    const at = now();
    const cutoff = days === undefined ? undefined : iso(at - days * DAY);
    const result: PassResult = { messages: 0, visitors: 0, uploads: 0, strayFiles: 0 };
    if (cutoff !== undefined) {
      result.messages = await drain(async () => {
        const done = await store.pruneMessages(cutoff, batch);
        return { done, full: done >= batch };
      });
      result.visitors = await drain(async () => {
        const erased = await store.pruneVisitors(cutoff, visitorBatch);
        await removeBytes(erased.uploadIds);
        result.uploads += erased.uploads;
        result.messages += erased.messages;
        return { done: erased.visitors, full: erased.visitors >= visitorBatch };
      });
    }
    result.uploads += await drain(async () => {
      const ids = await store.pruneUploads({ unsentBefore: iso(at - orphanAfterMs), ...(cutoff === undefined ? {} : { before: cutoff }) }, batch);
      await removeBytes(ids);
      return { done: ids.length, full: ids.length >= batch };
    });
    if (!closed && at - lastStraySweep >= orphanAfterMs) {
      lastStraySweep = at;
      result.strayFiles = await sweepStrayFiles(at - orphanAfterMs);
    }
    return result;
  };

  const report = (result: PassResult, ms: number) => {
    for (const kind of ['messages', 'visitors', 'uploads', 'strayFiles'] as const) if (result[kind] > 0) metrics?.inc('chatport_retention_deleted_total', { kind }, result[kind]);
    if (Object.values(result).some((count) => count > 0)) logger.info('retention.pass', { ...result, ms, ...(days === undefined ? {} : { days }) });
  };

  /** One pass now, unless one is running (then that one's result). */
  const run = (): Promise<PassResult | undefined> =>
    closed
      ? Promise.resolve(undefined)
      : (running ??= (async () => {
          const started = Date.now();
          try {
            const result = await pass();
            report(result, Date.now() - started);
            onPass?.(result);
            return result;
          } catch (error) {
            logger.error('retention.failed', { reason: error instanceof Error ? error.message : String(error) });
            return undefined;
          } finally {
            running = undefined;
          }
        })());

  const schedule = (delay: number) => {
    if (closed) return;
    timer = setTimeout(() => void run().finally(() => schedule(intervalMs)), delay);
    timer.unref();
  };

  return {
    start: () => schedule(startDelayMs),
    run,
    /** Stops the schedule and waits for a running pass, which stops at its next step. */
    close: async (): Promise<void> => {
      closed = true;
      clearTimeout(timer);
      await running;
    },
  };
};

export type Retention = ReturnType<typeof createRetention>;

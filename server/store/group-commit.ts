import type { AppendRequest, AppendResult, MessageDraft, Store } from './types.ts';

export interface GroupCommitOptions {
  store: Pick<Store, 'appendBatch'>;
  /** The most messages in one transaction; more waiting go in the next one, right after. */
  maxBatch?: number;
  /**
   * When a batch is written. setImmediate: after the event loop has read every request that arrived together, so
   * pushes that came in at once share a transaction, and a lone push waits for nothing.
   */
  schedule?: (flush: () => void) => void;
}

export interface GroupAppendOptions {
  /** Queue the message for the platform in the same transaction (visitor sends). */
  outbox?: boolean;
  /**
   * Called once the message is durable, before any caller of the batch resumes, in the batch's order: what streams
   * the message goes here, so frames of one conversation reach the hub in seq order, whichever path appended them
   * (a stream skips a frame whose seq is below one it already wrote). Must not throw.
   */
  stored?: (result: AppendResult) => void;
}

interface Waiting {
  request: AppendRequest;
  stored: ((result: AppendResult) => void) | undefined;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const done = (waiting: Waiting, result: AppendResult): void => {
  try {
    waiting.stored?.(result);
  } catch (error) {
    waiting.reject(error);
    return;
  }
  waiting.resolve(result);
};

/**
 * Group commit in front of a store: appends made together are written in one `appendBatch` transaction, so the disk
 * syncs once per batch instead of once per message. Each caller's promise settles when its batch is durable, so a
 * push is still answered, and its message streamed, only once stored. One batch is written at a time, in call order
 * (seqs follow the order of the calls). When a batch fails, nothing of it was stored (the store's promise), and its
 * items are written again one by one: the failing one rejects its own caller only.
 */
export const createGroupCommit = ({ store, maxBatch = 256, schedule = setImmediate }: GroupCommitOptions) => {
  let queue: Waiting[] = [];
  let scheduled = false;
  let writing: Promise<void> | undefined;
  /** The latest append: batches settle in call order, so once it has, every earlier one has too. */
  let last: Promise<unknown> = Promise.resolve();

  const settle = async (batch: Waiting[]): Promise<void> => {
    let results: AppendResult[];
    try {
      results = await store.appendBatch(batch.map((waiting) => waiting.request));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const waiting of batch) {
        let result: AppendResult;
        try {
          result = (await store.appendBatch([waiting.request]))[0]!;
        } catch (alone) {
          waiting.reject(alone);
          continue;
        }
        done(waiting, result);
      }
      return;
    }
    batch.forEach((waiting, i) => done(waiting, results[i]!));
  };

  const flush = (): void => {
    scheduled = false;
    if (writing || queue.length === 0) return;
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
    writing = settle(batch).finally(() => {
      writing = undefined;
      if (queue.length > 0) later();
    });
  };

  const later = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  };

  return {
    /** As `Store.append`, written together with whatever else is appended before the next flush. */
    append(conversationId: string, draft: MessageDraft, { outbox = false, stored }: GroupAppendOptions = {}): Promise<AppendResult> {
      const appended = new Promise<AppendResult>((resolve, reject) => {
        queue.push({ request: { conversationId, draft, outbox }, stored, resolve, reject });
        later();
      });
      last = appended;
      return appended;
    },
    /** Resolves once everything appended before the call is written or failed (a read that must see it waits for this). */
    settled: (): Promise<void> =>
      last.then(
        () => undefined,
        () => undefined,
      ),
    /** Appends waiting or being written. */
    pending: (): number => queue.length,
  };
};

export type GroupCommit = ReturnType<typeof createGroupCommit>;

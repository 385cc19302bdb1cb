import { silentLogger, type Logger } from '../../log.ts';
import { fetchToRelay } from '../fetch.ts';
import { signatureHeaders, type SignatureMode } from './signature.ts';

/** One callback the stand-in sent (or tried to): what, to where, and what came back. */
export interface CallbackRecord {
  event: string;
  body: string;
  headers: Record<string, string>;
  status?: number;
  error?: string;
}

export interface CallbackOptions {
  signatureMode: SignatureMode;
  /** Read at send time so tests can point the inbox elsewhere. */
  target: () => { url: string | undefined; key: string | undefined };
  timeoutMs?: number;
  logger?: Logger;
}

/** Webhook delivery as upstream does it (docs/platforms/chatwoot.md#callbacks): JSON POST, one attempt, no retry, any 2xx is success. */
export const createCallbacks = ({ signatureMode, target, timeoutMs = 5000, logger = silentLogger }: CallbackOptions) => {
  const sent: CallbackRecord[] = [];
  const pending = new Set<Promise<unknown>>();
  const closing = new AbortController();

  const deliver = async (payload: { event: string }): Promise<CallbackRecord> => {
    const { url, key } = target();
    const body = JSON.stringify(payload);
    const headers = { 'content-type': 'application/json', accept: 'application/json', ...signatureHeaders({ mode: signatureMode, key, body }) };
    const record: CallbackRecord = { event: payload.event, body, headers };
    sent.push(record);
    if (!url) return { ...record, error: 'no webhook_url' };
    try {
      const response = await fetchToRelay(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]) });
      await response.arrayBuffer();
      record.status = response.status;
      if (response.status < 200 || response.status >= 300) record.error = `HTTP ${response.status}`;
    } catch (error) {
      record.error = error instanceof Error ? error.name : 'unknown';
    }
    if (record.error) logger.warn('chatwoot_standin.callback_failed', { event: record.event, reason: record.error });
    return record;
  };

  /** Sends in the background (upstream uses a job queue); `settle()` waits for everything sent so far. */
  const send = (payload: { event: string } & Record<string, unknown>): Promise<CallbackRecord> => {
    const delivery = deliver(payload);
    pending.add(delivery);
    void delivery.finally(() => pending.delete(delivery));
    return delivery;
  };

  const settle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  return { sent, send, settle, close: () => closing.abort() };
};

export type Callbacks = ReturnType<typeof createCallbacks>;

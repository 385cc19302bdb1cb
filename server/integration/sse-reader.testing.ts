import { request, type IncomingMessage } from 'node:http';
import { parseSseBlock, type ReceivedEvent } from './sse-client.testing.ts';

/** One parsed SSE event, as the tests look at it. */
export type ReadEvent = ReceivedEvent;

/**
 * An SSE reader over node:http whose reading can be paused: a paused reader stops taking bytes off its socket, so
 * the relay's writes back up just as they do for a slow or sleeping client.
 */
export const openReader = async (relayUrl: string, token: string, { lastEventId }: { lastEventId?: number } = {}) => {
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(`${relayUrl}/v1/stream`, {
      headers: { authorization: `Bearer ${token}`, ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }) },
    });
    req.on('response', resolve).on('error', reject).end();
  });
  const events: ReadEvent[] = [];
  let buffer = '';
  let ended = false;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((check) => check());
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = parseSseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) events.push(event);
    }
    wake();
  });
  const finish = () => {
    ended = true;
    wake();
  };
  res.on('end', finish).on('close', finish).on('error', finish);

  const waitFor = (done: () => boolean, timeoutMs = 10_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms with ${events.length} events`));
      }, timeoutMs);
      const check = () => {
        if (!done() && !ended) return;
        clearTimeout(timer);
        waiters.delete(check);
        if (done()) resolve();
        else reject(new Error(`stream ended after ${events.length} events`));
      };
      waiters.add(check);
      check();
    });

  return {
    status: res.statusCode,
    events,
    messages: () => events.filter((e) => e.event === 'message').map((e) => e.data as { seq: number; body: { kind: string; text?: string } }),
    get ended() {
      return ended;
    },
    waitFor,
    /** Stops taking bytes off the socket; the relay's writes back up. */
    pause: () => void res.pause(),
    resume: () => void res.resume(),
    close: () => void res.destroy(),
  };
};

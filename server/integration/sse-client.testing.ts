/** A minimal SSE reader for tests: collects events from GET /v1/stream and waits for conditions. */
export interface ReceivedEvent {
  event: string;
  id?: string;
  data: unknown;
}

export const openStream = async (relayUrl: string, token: string, { lastEventId }: { lastEventId?: number } = {}) => {
  const controller = new AbortController();
  const response = await fetch(`${relayUrl}/v1/stream`, {
    headers: { authorization: `Bearer ${token}`, ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }) },
    signal: controller.signal,
  });
  const events: ReceivedEvent[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  const done = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || !line.includes(':')) continue;
            const at = line.indexOf(':');
            fields[line.slice(0, at)] = line.slice(at + 1).trimStart();
          }
          if (fields['data'] !== undefined) {
            events.push({ event: fields['event'] ?? 'message', ...(fields['id'] ? { id: fields['id'] } : {}), data: JSON.parse(fields['data']) });
            waiters.forEach((wake) => wake());
          }
        }
      }
    } catch {
      // aborted or connection lost
    } finally {
      ended = true;
      waiters.forEach((wake) => wake());
    }
  })();

  const waitFor = <T>(pick: (events: ReceivedEvent[]) => T | undefined | false, timeoutMs = 5000): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const value = pick(events);
        if (value !== undefined && value !== false) {
          cleanup();
          resolve(value);
        } else if (ended) {
          cleanup();
          reject(new Error(`stream ended before the condition held; got ${JSON.stringify(events)}`));
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms; got ${JSON.stringify(events)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  const messages = () => events.filter((e) => e.event === 'message').map((e) => e.data as { seq: number; author: string; body: { kind: string; text?: string } });

  return {
    status: response.status,
    headers: response.headers,
    events,
    messages,
    waitFor,
    /** Settles when the stream has ended, whichever side ended it. */
    done,
    close: async () => {
      controller.abort();
      await done;
    },
  };
};

/** A minimal SSE reader for tests: collects events from GET /v1/stream and waits for conditions. */
export interface ReceivedEvent {
  event: string;
  id?: string;
  data: unknown;
}

/** One SSE block (the text between blank lines) as an event; undefined for a comment or a block without data. */
export const parseSseBlock = (block: string): ReceivedEvent | undefined => {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) fields[line.slice(0, at)] = line.slice(at + 1).trimStart();
  }
  if (fields['data'] === undefined) return undefined;
  return { event: fields['event'] ?? 'message', ...(fields['id'] ? { id: fields['id'] } : {}), data: JSON.parse(fields['data']) };
};

/** The events of an SSE body as they arrive. */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ReceivedEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = parseSseBlock(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (event) yield event;
    }
  }
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
    try {
      for await (const event of sseEvents(response.body)) {
        events.push(event);
        waiters.forEach((wake) => wake());
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

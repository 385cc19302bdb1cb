/** One dispatched server-sent event. `id` is the last event id seen on the stream so far ('' when none). */
export interface SseEvent {
  event: string;
  data: string;
  id: string;
}

export interface SseParserOptions {
  onEvent: (event: SseEvent) => void;
  /** A `retry:` field: the server's preferred reconnection delay in ms. */
  onRetry?: (ms: number) => void;
  /** Carried over from an earlier connection, as EventSource does. */
  lastEventId?: string;
}

export interface SseParser {
  /** Feeds decoded text; chunks may split anywhere, including between CR and LF. */
  push(text: string): void;
  readonly lastEventId: string;
}

/** An incremental parser for the text/event-stream format (WHATWG HTML, "Server-sent events"). */
export const createSseParser = ({ onEvent, onRetry, lastEventId = '' }: SseParserOptions): SseParser => {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let lastId = lastEventId;
  let start = true;
  // A chunk that ended in CR: an LF opening the next chunk belongs to the same line break.
  let skipLf = false;

  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n'), id: lastId });
      data = [];
      event = '';
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id') {
      if (!value.includes('\0')) lastId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) onRetry?.(Number(value));
  };

  return {
    push(text) {
      if (!text) return;
      if (skipLf && text.startsWith('\n')) text = text.slice(1);
      skipLf = false;
      buffer += text;
      if (start && buffer.length > 0) {
        if (buffer.startsWith('\uFEFF')) buffer = buffer.slice(1);
        start = false;
      }
      const breaks = /\r\n?|\n/g;
      let from = 0;
      let found: RegExpExecArray | null;
      while ((found = breaks.exec(buffer))) {
        line(buffer.slice(from, found.index));
        from = breaks.lastIndex;
      }
      if (from === buffer.length && buffer.endsWith('\r')) skipLf = true;
      buffer = buffer.slice(from);
    },
    get lastEventId() {
      return lastId;
    },
  };
};

import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse.ts';

const parse = (chunks: string[], lastEventId?: string) => {
  const events: SseEvent[] = [];
  const retries: number[] = [];
  const parser = createSseParser({ onEvent: (e) => events.push(e), onRetry: (ms) => retries.push(ms), ...(lastEventId === undefined ? {} : { lastEventId }) });
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries, lastEventId: parser.lastEventId };
};

const stream = 'retry: 2000\n\nevent: message\nid: 7\ndata: {"a":1}\n\n: hb\n\nevent: status\ndata: {"deliveredSeq":7}\n\n';

describe('createSseParser', () => {
  it('parses events, ids, comments and retry', () => {
    const { events, retries, lastEventId } = parse([stream]);
    expect(events).toEqual([
      { event: 'message', data: '{"a":1}', id: '7' },
      { event: 'status', data: '{"deliveredSeq":7}', id: '7' },
    ]);
    expect(retries).toEqual([2000]);
    expect(lastEventId).toBe('7');
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const whole = parse([stream]).events;
    for (let size = 1; size <= 7; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.slice(i, i + size));
      expect(parse(chunks).events).toEqual(whole);
    }
  });

  it('accepts CRLF and lone CR line breaks, also split between chunks', () => {
    const crlf = stream.replaceAll('\n', '\r\n');
    const cr = stream.replaceAll('\n', '\r');
    const whole = parse([stream]).events;
    expect(parse([crlf]).events).toEqual(whole);
    expect(parse([cr]).events).toEqual(whole);
    expect(parse(crlf.split(/(?<=\r)/)).events).toEqual(whole);
    // A CR at the end of a chunk followed by an LF is one break, not an empty line.
    expect(parse(['data: a\r', '\ndata: b\r\n\r\n']).events).toEqual([{ event: 'message', data: 'a\nb', id: '' }]);
  });

  it('does not swallow an LF after a lone CR that was followed by more text', () => {
    expect(parse(['data: a\rdata: b', '\n\n']).events).toEqual([{ event: 'message', data: 'a\nb', id: '' }]);
  });

  it('joins multi-line data with LF and strips one leading space only', () => {
    const { events } = parse(['data:first\ndata:  second\ndata\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'first\n second\n', id: '' }]);
  });

  it('ignores blocks without data, unknown fields and a bad retry, and resets the event type', () => {
    const { events, retries } = parse(['event: typing\n\nfoo: bar\nretry: 1s\ndata: x\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'x', id: '' }]);
    expect(retries).toEqual([]);
  });

  it('keeps the last event id across events and carries one in from an earlier connection', () => {
    const { events, lastEventId } = parse(['data: a\n\nid: 9\n\ndata: b\n\n'], '4');
    expect(events.map((e) => e.id)).toEqual(['4', '9']);
    expect(lastEventId).toBe('9');
    expect(parse(['id: 1\0\ndata: c\n\n'], '4').lastEventId).toBe('4');
  });

  it('strips a leading byte order mark and does not dispatch an unfinished event', () => {
    const { events } = parse(['\uFEFFdata: one\n\ndata: two\n']);
    expect(events).toEqual([{ event: 'message', data: 'one', id: '' }]);
  });
});

import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../../src/protocol/index.ts';
import { createHub } from './index.ts';
import { SseConnection, formatEvent } from './sse.ts';

const fakeResponse = () => {
  const out: string[] = [];
  const res = {
    destroyed: false,
    writableEnded: false,
    writableLength: 0,
    write(text: string) {
      out.push(text);
      return true;
    },
    end() {
      this.writableEnded = true;
    },
    destroy() {
      this.destroyed = true;
    },
  };
  return { res, out, response: res as unknown as ServerResponse };
};

/** A response whose socket buffer is full while `full` is set (write returns false) until it emits 'drain'. */
const blockingResponse = () => {
  const out: string[] = [];
  const res = Object.assign(new EventEmitter(), {
    full: false,
    destroyed: false,
    writableEnded: false,
    writableLength: 0,
    write(text: string) {
      out.push(text);
      return !res.full;
    },
    end() {
      res.writableEnded = true;
    },
    destroy() {
      res.destroyed = true;
    },
  });
  return { res, out, response: res as unknown as ServerResponse };
};

const message = (seq: number): Message => ({
  id: `m_${seq}`,
  seq,
  conversationId: 'c_1',
  author: 'bot',
  createdAt: '2026-01-01T00:00:00.000Z',
  body: { kind: 'text', text: `hello ${seq}` },
});

describe('formatEvent', () => {
  it('frames an event with id and one JSON data line, even for multi-line text', () => {
    expect(formatEvent('message', { text: 'a\nb' }, 7)).toBe('event: message\nid: 7\ndata: {"text":"a\\nb"}\n\n');
    expect(formatEvent('status', { deliveredSeq: 2 })).toBe('event: status\ndata: {"deliveredSeq":2}\n\n');
  });
});

describe('hub', () => {
  const hubs: ReturnType<typeof createHub>[] = [];
  const newHub = (options?: Parameters<typeof createHub>[0]) => {
    const hub = createHub(options);
    hubs.push(hub);
    return hub;
  };
  afterEach(() => {
    hubs.splice(0).forEach((hub) => hub.close());
    vi.useRealTimers();
  });

  it('delivers only to subscribers of the same conversation', () => {
    const hub = newHub();
    const a = fakeResponse();
    const b = fakeResponse();
    const ca = new SseConnection(a.response);
    const cb = new SseConnection(b.response);
    ca.resume();
    cb.resume();
    hub.subscribe('c_1', ca);
    hub.subscribe('c_2', cb);
    hub.publish('c_1', { event: 'message', data: message(1) });
    expect(a.out.join('')).toContain('"hello 1"');
    expect(b.out).toEqual([]);
    expect(hub.stats()).toMatchObject({ connections: 2, conversations: 2, delivered: 1 });
  });

  it('holds frames during replay and then writes only what the replay did not cover, once', () => {
    const hub = newHub();
    const { out, response } = fakeResponse();
    const connection = new SseConnection(response, { lastSeq: 2 });
    hub.subscribe('c_1', connection);
    hub.publish('c_1', { event: 'message', data: message(3) }); // also found by the replay below
    hub.publish('c_1', { event: 'message', data: message(4) });
    expect(out).toEqual([]);
    connection.write(formatEvent('message', message(3), 3)); // what the route's replay does
    connection.lastSeq = 3;
    connection.resume();
    hub.publish('c_1', { event: 'message', data: message(4) }); // a duplicate publish is skipped too
    expect(out.join('').match(/id: \d+/g)).toEqual(['id: 3', 'id: 4']);
  });

  it('unsubscribes and forgets empty conversations', () => {
    const hub = newHub();
    const off = hub.subscribe('c_1', new SseConnection(fakeResponse().response));
    off();
    off();
    expect(hub.stats()).toMatchObject({ connections: 0, conversations: 0 });
  });

  it('beats every connection once per interval, spread over slices of it', () => {
    vi.useFakeTimers();
    const hub = newHub({ heartbeatMs: 1000, heartbeatSlices: 4 });
    const outs = Array.from({ length: 8 }, (_, index) => {
      const { out, response } = fakeResponse();
      const connection = new SseConnection(response);
      connection.resume();
      hub.subscribe(`c_${index % 3}`, connection);
      return out;
    });
    vi.advanceTimersByTime(250);
    expect(outs.filter((out) => out.length > 0)).toHaveLength(2);
    vi.advanceTimersByTime(750);
    expect(outs.map((out) => out.length)).toEqual(Array(8).fill(1));
    vi.advanceTimersByTime(1000);
    expect(outs.every((out) => out.join('') === ': hb\n\n: hb\n\n')).toBe(true);
  });

  it('closes a client only when its full socket buffer has not drained for the stall timeout', () => {
    vi.useFakeTimers();
    const hub = newHub();
    const { res, out, response } = blockingResponse();
    const connection = new SseConnection(response, { stallMs: 1000 });
    connection.resume();
    hub.subscribe('c_1', connection);
    res.full = true;
    hub.publish('c_1', { event: 'message', data: message(1) });
    vi.advanceTimersByTime(999);
    expect(res.destroyed).toBe(false);
    res.full = false;
    res.emit('drain'); // the client read: the clock stops
    vi.advanceTimersByTime(5000);
    expect(res.destroyed).toBe(false);
    res.full = true;
    hub.publish('c_1', { event: 'message', data: message(2) });
    vi.advanceTimersByTime(1000);
    expect(res.destroyed).toBe(true);
    expect(out.join('').match(/id: \d+/g)).toEqual(['id: 1', 'id: 2']);
  });

  it('holds live frames while the client has not taken what was written, then writes them in order', () => {
    const hub = newHub();
    const { res, out, response } = blockingResponse();
    const connection = new SseConnection(response);
    connection.resume();
    hub.subscribe('c_1', connection);
    res.full = true;
    hub.publish('c_1', { event: 'message', data: message(1) });
    hub.publish('c_1', { event: 'typing', data: { on: true } });
    hub.publish('c_1', { event: 'message', data: message(2) });
    expect(out).toHaveLength(1);
    res.full = false;
    res.emit('drain');
    expect(out.join('').match(/id: \d+|typing/g)).toEqual(['id: 1', 'typing', 'id: 2']);
  });

  it('bounds what it holds for a client that is behind, and catches up from the store once it reads', () => {
    const hub = newHub();
    const { res, out, response } = blockingResponse();
    const catchUp = vi.fn((caughtUp: SseConnection) => caughtUp.resume());
    const connection = new SseConnection(response, { maxBufferedBytes: 1000, conversationId: 'c_1', catchUp });
    connection.resume();
    hub.subscribe('c_1', connection);
    res.full = true;
    for (let seq = 1; seq <= 20; seq++) hub.publish('c_1', { event: 'message', data: message(seq) });
    expect(connection.unsentBytes).toBeLessThanOrEqual(1000);
    expect(catchUp).not.toHaveBeenCalled();
    res.full = false;
    res.emit('drain');
    expect(catchUp).toHaveBeenCalledExactlyOnceWith(connection);
    // Only the first frame was written live; the dropped ones are the catch-up's to read from the store.
    expect(out.join('').match(/id: \d+/g)).toEqual(['id: 1']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseIo } from './proc.ts';
import { requestBytes, responseEnd } from './sender.ts';

describe('bench sender', () => {
  it('writes a POST with its length and headers', () => {
    const bytes = requestBytes('127.0.0.1:1', '/webhooks/uchat', '{"é":1}', { 'x-hub-signature-256': 'sha256=ab' }).toString();
    expect(bytes).toBe(
      'POST /webhooks/uchat HTTP/1.1\r\nhost: 127.0.0.1:1\r\ncontent-type: application/json\r\ncontent-length: 8\r\nx-hub-signature-256: sha256=ab\r\n\r\n{"é":1}',
    );
  });

  it('finds the end of a response by Content-Length, by its last chunk, or at its head', () => {
    const sized = 'HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{"ok":true}';
    expect(responseEnd(sized.slice(0, -1))).toBeUndefined();
    expect(responseEnd(sized + 'HTTP/1.1')).toEqual({ status: 200, end: sized.length });
    const chunked = 'HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n{"ok":true}\r\n0\r\n\r\n';
    expect(responseEnd(chunked.slice(0, -2))).toBeUndefined();
    expect(responseEnd(chunked)).toEqual({ status: 404, end: chunked.length });
    expect(responseEnd('HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n')).toEqual({ status: 204, end: 36 });
    expect(responseEnd('HTTP/1.1 200 OK\r\nDate')).toBeUndefined();
  });

  it('reads the write counters of /proc/<pid>/io', () => {
    const text = 'rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 41\nread_bytes: 0\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n';
    expect(parseIo(text)).toEqual({ syscw: 41, writeBytes: 8192 });
  });
});

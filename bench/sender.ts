import { connect, type Socket } from 'node:net';

/** A request written as bytes ahead of time: the sender's own work stays off the clock. */
export const requestBytes = (host: string, path: string, body: string, headers: Record<string, string>): Buffer =>
  Buffer.from(
    `POST ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      `\r\n${body}`,
  );

/**
 * Where one complete HTTP/1.1 response ends in `text` (latin1), with its status; undefined while incomplete. Knows
 * Content-Length and a chunked body (the small answers both servers give).
 */
export const responseEnd = (text: string): { status: number; end: number } | undefined => {
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const head = text.slice(0, headEnd);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const end = headEnd + 4 + Number(length[1]);
    return text.length >= end ? { status, end } : undefined;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    const last = text.indexOf('\r\n0\r\n\r\n', headEnd + 2);
    const empty = text.startsWith('0\r\n\r\n', headEnd + 4) ? headEnd + 4 + 5 : -1;
    if (empty >= 0) return { status, end: empty };
    return last < 0 ? undefined : { status, end: last + 7 };
  }
  return { status, end: headEnd + 4 };
};

export interface Sender {
  /** Writes the request and resolves with the response status (0 when the connection failed). */
  send(request: Buffer): Promise<number>;
  close(): void;
}

/** One keep-alive connection with one request in flight at a time, on a bare socket: far cheaper than node:http's client. */
export const openSender = (port: number, host = '127.0.0.1'): Promise<Sender> =>
  new Promise((resolve, reject) => {
    let buffer = '';
    let waiting: ((status: number) => void) | undefined;
    const socket: Socket = connect({ port, host }, () => resolve({ send, close: () => socket.destroy() }));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      const done = responseEnd(buffer);
      if (!done) return;
      buffer = buffer.slice(done.end);
      const wake = waiting;
      waiting = undefined;
      wake?.(done.status);
    });
    const fail = () => {
      const wake = waiting;
      waiting = undefined;
      wake?.(0);
    };
    socket.on('error', (error) => (waiting ? fail() : reject(error)));
    socket.on('close', fail);
    const send = (request: Buffer) =>
      new Promise<number>((settle) => {
        if (socket.destroyed) return settle(0);
        waiting = settle;
        socket.write(request);
      });
  });

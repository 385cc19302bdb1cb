import { connect, type Socket } from 'node:net';
import type { StreamTarget } from './shared.ts';

/** Sent by both servers once a stream is live (after the relay's replay). */
const READY = 'event: status';
const READY_MS = 30_000;

export interface StreamClient {
  socket: Socket;
  close(): void;
}

/** One read buffer for every client: `onread` hands each chunk over synchronously, so sharing it is safe. */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * A bare-socket SSE client: far lighter than fetch, and reading through `onread` into one shared buffer keeps the
 * measuring process from allocating per chunk. Resolves once the response is 200 and the stream is live; after
 * that every chunk (chunked framing included) goes to `onData`, which must not keep the buffer it is given.
 */
/**
 * `localAddress` spreads many streams over loopback addresses (127.0.0.x): one address pair has only the ephemeral
 * port range (about 28,000 on Linux) for connections to one server port.
 */
export const openStream = (baseUrl: string, target: StreamTarget, onData?: (chunk: Buffer) => void, localAddress?: string): Promise<StreamClient> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(baseUrl);
    let head: string | undefined = '';
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const onHead = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head!.includes('\r\n\r\n')) return;
      if (!head!.startsWith('HTTP/1.1 200')) return fail(new Error(`GET ${target.path}: ${head!.split('\r\n')[0]}`));
      if (!head!.includes(READY)) return;
      head = undefined;
      clearTimeout(timer);
      resolve({ socket, close: () => socket.destroy() });
    };
    const socket = connect({
      host: hostname,
      port: Number(port),
      ...(localAddress ? { localAddress } : {}),
      onread: {
        buffer: readBuffer,
        callback: (bytes) => {
          const chunk = readBuffer.subarray(0, bytes);
          if (head !== undefined) onHead(chunk);
          else onData?.(chunk);
          return true;
        },
      },
    });
    socket.setNoDelay(true);
    const timer = setTimeout(() => fail(new Error(`stream not live after ${READY_MS} ms`)), READY_MS);
    socket.on('error', (error) => fail(error));
    socket.on('close', () => head !== undefined && fail(new Error(`connection closed before the stream was live${head ? `: ${head.split('\r\n')[0]}` : ''}`)));
    const headers = Object.entries(target.headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.write(`GET ${target.path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\naccept: text/event-stream\r\n${headers}\r\n`);
  });

/** Opens every target, `concurrency` handshakes at a time (keeps the listen backlog from overflowing). */
export const openStreams = async (
  baseUrl: string,
  targets: StreamTarget[],
  { concurrency = 100, onData }: { concurrency?: number; onData?: (index: number, chunk: Buffer) => void } = {},
): Promise<StreamClient[]> => {
  const clients: StreamClient[] = [];
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      clients[index] = await openStream(baseUrl, targets[index]!, onData && ((chunk) => onData(index, chunk)));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
  } catch (error) {
    for (const client of clients) client?.close();
    throw error;
  }
  return clients;
};

/** Counts occurrences of `marker` in a byte stream, including those split across chunks. */
export const createMarkerCounter = (marker: string) => {
  const needle = Buffer.from(marker);
  const count = (haystack: Buffer) => {
    let n = 0;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
    return n;
  };
  let tail = Buffer.alloc(0);
  return (chunk: Buffer): number => {
    let n = count(chunk);
    if (tail.length > 0) n += count(Buffer.concat([tail, chunk.subarray(0, needle.length - 1)]));
    const keep = needle.length - 1;
    tail = Buffer.from(chunk.length >= keep ? chunk.subarray(chunk.length - keep) : Buffer.concat([tail, chunk]).subarray(-keep));
    return n;
  };
};

import type { ServerResponse } from 'node:http';

/** One SSE frame. JSON.stringify never emits raw newlines, so `data` is always a single line. */
export const formatEvent = (event: string, data: unknown, id?: number | string): string =>
  `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;

export const HEARTBEAT_FRAME = ': hb\n\n';

/** What the hub fans out: serialized once, written to every subscriber. */
export interface Frame {
  /** Set for message events: lets a resuming connection skip what its replay already sent. */
  seq?: number;
  text: string;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  connection: 'keep-alive',
} as const;

export interface SseConnectionOptions {
  /** Bytes queued in user space before the client is considered too slow and closed (it reconnects and replays). */
  maxBufferedBytes?: number;
  /** Seq already sent (the client's Last-Event-ID); message frames at or below it are skipped. */
  lastSeq?: number;
}

/**
 * A subscriber. Starts paused: frames published while the route replays history are held, then `resume()`
 * writes those newer than the replay, so nothing is missed or sent twice.
 */
export class SseConnection {
  private held: Frame[] | undefined = [];
  lastSeq: number;
  private readonly maxBufferedBytes: number;

  constructor(
    private readonly res: ServerResponse,
    { maxBufferedBytes = 1 << 20, lastSeq = 0 }: SseConnectionOptions = {},
  ) {
    this.maxBufferedBytes = maxBufferedBytes;
    this.lastSeq = lastSeq;
  }

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  deliver(frame: Frame): void {
    if (this.held) {
      this.held.push(frame);
      return;
    }
    if (frame.seq !== undefined) {
      if (frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
    }
    this.write(frame.text);
  }

  /** Writes directly (replay, heartbeats). Closes a client whose unsent buffer passed the cap. */
  write(text: string): void {
    if (this.closed) return;
    this.res.write(text);
    if (this.res.writableLength > this.maxBufferedBytes) this.res.destroy();
  }

  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const frame of held) this.deliver(frame);
  }

  close(): void {
    if (!this.closed) this.res.end();
  }
}

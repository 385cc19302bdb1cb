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
  /**
   * The most bytes of live frames held for a client while a replay runs or while it is not taking what was written.
   * Past it they are dropped and the messages among them read again from the store once the client reads: memory per
   * client stays bounded and nothing is lost.
   */
  maxBufferedBytes?: number;
  /** A client whose socket buffer stays full this long without draining is stalled, and closed (it reconnects and replays). */
  stallMs?: number;
  /** Seq already sent (the client's Last-Event-ID); message frames at or below it are skipped. */
  lastSeq?: number;
  /** The conversation streamed, for `catchUp`. */
  conversationId?: string;
  /**
   * Reads the stored messages after `lastSeq` and ends with `resume()` (the route's replay). Called when held frames
   * had to be dropped, once the client reads again; without it such a client is closed, to reconnect and replay.
   * One function for every connection: a closure per connection would cost memory on every idle stream.
   */
  catchUp?: (connection: SseConnection) => void;
}

/**
 * A subscriber. Starts replaying: frames published while the route writes history are held, then `resume()` writes
 * those newer than the replay, so nothing is missed or sent twice. Writes respect backpressure: while the client has
 * not taken what was written, live frames are held too, up to a cap.
 */
export class SseConnection {
  lastSeq: number;
  readonly conversationId: string;
  private replaying = true;
  /** Allocated while frames wait: most connections hold nothing most of the time. */
  private held: Frame[] | undefined;
  private heldBytes = 0;
  /** Held frames were dropped: the stored messages after lastSeq are replayed before going live again. */
  private behind = false;
  /** Pending while the socket buffer is full: settles on its next 'drain', or when the response closes. */
  private drained: Promise<void> | undefined;
  private readonly maxBufferedBytes: number;
  private readonly stallMs: number;
  private readonly catchUp: ((connection: SseConnection) => void) | undefined;

  constructor(
    private readonly res: ServerResponse,
    { maxBufferedBytes = 1 << 20, stallMs = 30_000, lastSeq = 0, conversationId = '', catchUp }: SseConnectionOptions = {},
  ) {
    this.maxBufferedBytes = maxBufferedBytes;
    this.stallMs = stallMs;
    this.lastSeq = lastSeq;
    this.conversationId = conversationId;
    this.catchUp = catchUp;
  }

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  /** What waits for this client here: its response's buffer and the frames held for it. */
  get unsentBytes(): number {
    return (this.closed ? 0 : this.res.writableLength) + this.heldBytes;
  }

  deliver(frame: Frame): void {
    if (this.closed) return;
    if (this.replaying || this.drained || this.held) this.hold(frame);
    else this.writeFrame(frame);
  }

  /** Writes now (replay, heartbeats). A full socket buffer starts the stall clock; its next drain stops it. */
  write(text: string): void {
    if (this.closed) return;
    if (!this.res.write(text) && !this.drained) this.waitForDrain();
  }

  /** Writes, then waits until the client has taken what is buffered (or went away): a replay goes at the client's pace. */
  async send(text: string, seq?: number): Promise<void> {
    this.write(text);
    if (seq !== undefined) this.lastSeq = seq;
    await this.drained;
  }

  /** The replay is done: held frames newer than it go out in order (another replay first if some were dropped). */
  resume(): void {
    this.replaying = false;
    this.flush();
  }

  close(): void {
    if (!this.closed) this.res.end();
  }

  /** Drops the connection at once (the client reconnects and replays). */
  destroy(): void {
    this.res.destroy();
  }

  /** Ends the stream with a last event saying why (e.g. `evicted`); nothing held is sent. */
  end(event: string, data: unknown): void {
    this.held = undefined;
    this.heldBytes = 0;
    this.write(formatEvent(event, data));
    this.close();
  }

  private writeFrame(frame: Frame): void {
    if (frame.seq !== undefined) {
      if (frame.seq <= this.lastSeq) return;
      this.lastSeq = frame.seq;
    }
    this.write(frame.text);
  }

  private hold(frame: Frame): void {
    // Once behind, messages are read from the store by the catch-up: holding them would only cost memory.
    if (this.behind && frame.seq !== undefined) return;
    (this.held ??= []).push(frame);
    this.heldBytes += frame.text.length;
    if (this.heldBytes > this.maxBufferedBytes) {
      // Every held frame goes: messages come back from the store, the catch-up ends with the current delivery
      // status; typing and conversation-state signals are momentary, as on any reconnect.
      this.held = undefined;
      this.heldBytes = 0;
      this.behind = true;
    }
  }

  private flush(): void {
    if (this.replaying || this.closed || this.drained) return;
    if (this.behind) {
      this.behind = false;
      this.replaying = true;
      if (this.catchUp) this.catchUp(this);
      else this.res.destroy();
      return;
    }
    const held = this.held ?? [];
    let sent = 0;
    while (sent < held.length && !this.drained && !this.closed) this.writeFrame(held[sent++]!);
    held.splice(0, sent);
    this.held = held.length > 0 ? held : undefined;
    this.heldBytes = held.reduce((sum, frame) => sum + frame.text.length, 0);
  }

  private waitForDrain(): void {
    const stall = setTimeout(() => this.res.destroy(), this.stallMs);
    stall.unref();
    this.drained = new Promise((resolve) => {
      const done = () => {
        clearTimeout(stall);
        this.res.off('drain', done).off('close', done);
        this.drained = undefined;
        resolve();
        this.flush();
      };
      this.res.on('drain', done).on('close', done);
    });
  }
}

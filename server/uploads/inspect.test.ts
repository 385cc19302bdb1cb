import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../http/errors.ts';
import { PNG, SCRIPT } from './fixtures.testing.ts';
import { inspect } from './inspect.ts';
import { SNIFF_BYTES } from './sniff.ts';

/** Yields the pieces and counts how many were pulled, so a test can tell how far a check read. */
const source = (...pieces: Buffer[]) => {
  const state = { pulled: 0 };
  async function* chunks() {
    for (const piece of pieces) {
      state.pulled++;
      yield piece;
    }
  }
  return { chunks: chunks(), state };
};

const drain = async (chunks: AsyncIterable<Buffer>) => {
  const out: Buffer[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return Buffer.concat(out);
};

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
};

describe('inspect', () => {
  it('passes the bytes through and measures size and SHA-256', async () => {
    const body = Buffer.concat([PNG, Buffer.alloc(3000, 7)]);
    const { chunks } = source(body.subarray(0, 10), body.subarray(10, 2000), body.subarray(2000));
    const inspected = inspect(chunks, { mime: 'image/png', maxBytes: 10_000 });
    expect((await drain(inspected.chunks)).equals(body)).toBe(true);
    expect(inspected.result()).toEqual({ size: body.length, sha256: createHash('sha256').update(body).digest('hex') });
  });

  it('stops at the chunk that crosses the limit, without pulling the rest', async () => {
    const { chunks, state } = source(Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600));
    const inspected = inspect(chunks, { mime: 'text/plain', maxBytes: 1000 });
    const error = await refusal(drain(inspected.chunks));
    expect([error.status, error.code]).toEqual([413, 'upload_too_large']);
    expect(state.pulled).toBe(2);
    expect(() => inspected.result()).toThrow();
  });

  it('refuses a mismatching image as soon as enough of its start has arrived', async () => {
    const { chunks, state } = source(SCRIPT, Buffer.alloc(SNIFF_BYTES), Buffer.alloc(10), Buffer.alloc(10));
    const error = await refusal(drain(inspect(chunks, { mime: 'image/png', maxBytes: 1e6 }).chunks));
    expect([error.status, error.code]).toEqual([415, 'type_mismatch']);
    expect(state.pulled).toBe(2);
  });

  it('checks a file shorter than the sniffing window at its end', async () => {
    const short = await refusal(drain(inspect(source(SCRIPT).chunks, { mime: 'image/gif', maxBytes: 1e6 }).chunks));
    expect(short.status).toBe(415);
    const inspected = inspect(source(PNG).chunks, { mime: 'image/png', maxBytes: 1e6 });
    await drain(inspected.chunks);
    expect(inspected.result().size).toBe(PNG.length);
  });

  it('refuses an empty body with 400', async () => {
    const error = await refusal(drain(inspect(source().chunks, { mime: 'image/png', maxBytes: 1e6 }).chunks));
    expect([error.status, error.code]).toEqual([400, 'empty_upload']);
  });
});

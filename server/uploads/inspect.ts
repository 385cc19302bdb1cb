import { createHash } from 'node:crypto';
import { emptyUpload, tooLarge, typeMismatch } from './checks.ts';
import { SNIFF_BYTES, hasSignature, sniffMatches } from './sniff.ts';

export interface Inspected {
  /** Passes the bytes on, throwing as soon as a rule is broken: over `maxBytes` (413), empty (400), content not of `mime` (415). */
  chunks: AsyncIterable<Buffer>;
  /** Valid once `chunks` has been read to the end. */
  result(): { size: number; sha256: string };
}

/** Checks a body while it streams through, so nothing past the limit is read into memory or written to disk. */
export const inspect = (source: AsyncIterable<Buffer>, { mime, maxBytes }: { mime: string; maxBytes: number }): Inspected => {
  const hash = createHash('sha256');
  let size = 0;
  let sha256: string | undefined;
  let head: Buffer | undefined = hasSignature(mime) ? Buffer.alloc(0) : undefined;

  const sniff = () => {
    if (head && !sniffMatches(mime, head)) throw typeMismatch(mime);
    head = undefined;
  };

  async function* chunks() {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      hash.update(chunk);
      if (head) {
        head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        if (head.length >= SNIFF_BYTES) sniff();
      }
      yield chunk;
    }
    if (size === 0) throw emptyUpload();
    sniff();
    sha256 = hash.digest('hex');
  }

  return {
    chunks: chunks(),
    result: () => {
      if (sha256 === undefined) throw new Error('upload not read to the end');
      return { size, sha256 };
    },
  };
};

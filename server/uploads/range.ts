export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * One `Range: bytes=…` request against a file of `size` bytes (RFC 9110 §14). Returns the range to send (206),
 * 'unsatisfiable' (416), or undefined to send the whole file: no header, another unit, bad syntax, or several
 * ranges — a server may always answer those with the full representation.
 */
export const parseRange = (header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined => {
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    // Suffix: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
};

import { describe, expect, it } from 'vitest';
import { createRateLimit } from './rate-limit.ts';

describe('createRateLimit', () => {
  it('allows a burst, then refills at the sustained rate', () => {
    let t = 0;
    const limit = createRateLimit({ burst: 3, perSecond: 2, now: () => t });
    expect([limit.take('a'), limit.take('a'), limit.take('a'), limit.take('a')]).toEqual([true, true, true, false]);
    t += 500; // one token back
    expect(limit.take('a')).toBe(true);
    expect(limit.take('a')).toBe(false);
  });

  it('keeps keys apart and forgets the least recently used past maxKeys', () => {
    const limit = createRateLimit({ burst: 1, perSecond: 0.001, maxKeys: 2, now: () => 0 });
    expect(limit.take('a')).toBe(true);
    expect(limit.take('b')).toBe(true);
    expect(limit.take('a')).toBe(false);
    expect(limit.take('c')).toBe(true); // evicts b, the least recently used
    expect(limit.take('b')).toBe(true); // b starts over with a full bucket
  });

  it('peeks without using a token', () => {
    let t = 0;
    const limit = createRateLimit({ burst: 2, perSecond: 1, now: () => t });
    expect([limit.peek('a'), limit.peek('a'), limit.peek('a')]).toEqual([true, true, true]);
    limit.take('a');
    limit.take('a');
    expect(limit.peek('a')).toBe(false);
    expect(limit.peek('b')).toBe(true);
    t += 1000;
    expect(limit.peek('a')).toBe(true);
  });
});

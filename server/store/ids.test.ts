import { describe, expect, it } from 'vitest';
import { createIdSource, timePrefix } from './ids.ts';

describe('ids', () => {
  it('writes a time as 8 characters that sort as the time does', () => {
    const times = [0, 1, 63, 64, 4095, 1_700_000_000_000, 1_700_000_000_001, 1_767_225_600_000, 2 ** 48 - 1];
    const prefixes = times.map(timePrefix);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[A-Za-z0-9_-]{8}$/);
    // JavaScript compares these code units as SQLite's BINARY collation compares the bytes.
    expect([...prefixes].sort()).toEqual(prefixes);
    expect(new Set(prefixes).size).toBe(times.length);
  });

  it('makes message and outbox ids that are unique, safe, and sort by their time', () => {
    const ids = createIdSource({ poolBytes: 64 });
    const made = Array.from({ length: 1000 }, (_, i) => ids.message(1_767_225_600_000 + Math.floor(i / 10)));
    expect(new Set(made).size).toBe(1000);
    for (const id of made) expect(id).toMatch(/^m_[A-Za-z0-9_-]{30}$/);
    // Across milliseconds the order is the time's; within one the random part decides.
    for (let i = 10; i < made.length; i += 10) expect(made[i - 1]! < made[i]!).toBe(true);
    expect(ids.outboxItem(5)).toMatch(/^o_-------4[A-Za-z0-9_-]{22}$/);
  });

  it('draws 128 fresh random bits for every id, also across refills of its pool', () => {
    const ids = createIdSource({ poolBytes: 32 });
    const tails = Array.from({ length: 200 }, () => ids.message(0).slice(10));
    expect(new Set(tails).size).toBe(200);
    for (const tail of tails) expect(Buffer.from(tail, 'base64url')).toHaveLength(16);
  });
});

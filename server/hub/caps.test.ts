import { describe, expect, it } from 'vitest';
import { createStreamCaps, type EvictionReason } from './caps.ts';

describe('stream caps', () => {
  const opener = (options: { perVisitor: number; perAddress: number }) => {
    const evicted: string[] = [];
    const caps = createStreamCaps({ ...options, evict: (name: string, reason: EvictionReason) => evicted.push(`${name}:${reason}`) });
    const open = (name: string, visitorId: string, address: string) => {
      const entry = caps.open(visitorId, address, name);
      return () => caps.close(entry);
    };
    return { caps, evicted, open };
  };

  it("evicts a visitor's oldest stream when one more opens past the cap", () => {
    const { evicted, open } = opener({ perVisitor: 2, perAddress: 10 });
    open('a', 'v1', '10.0.0.1');
    open('b', 'v1', '10.0.0.2');
    open('other', 'v2', '10.0.0.1');
    expect(evicted).toEqual([]);
    open('c', 'v1', '10.0.0.1');
    expect(evicted).toEqual(['a:visitor']);
    open('d', 'v1', '10.0.0.1');
    expect(evicted).toEqual(['a:visitor', 'b:visitor']);
  });

  it("evicts an address's oldest stream across visitors", () => {
    const { evicted, open } = opener({ perVisitor: 5, perAddress: 3 });
    for (const visitor of ['v1', 'v2', 'v3', 'v4']) open(visitor, visitor, '192.0.2.7');
    open('elsewhere', 'v5', '192.0.2.8');
    expect(evicted).toEqual(['v1:address']);
  });

  it('counts a closed stream no more, and forgets empty visitors and addresses', () => {
    const { caps, evicted, open } = opener({ perVisitor: 2, perAddress: 2 });
    const closeA = open('a', 'v1', 'x');
    open('b', 'v1', 'x');
    closeA();
    closeA();
    const closeC = open('c', 'v1', 'x');
    expect(evicted).toEqual([]);
    open('d', 'v1', 'x'); // evicts b, the oldest still open
    expect(evicted).toEqual(['b:visitor']);
    closeC();
    expect(caps.stats()).toEqual({ visitors: 1, addresses: 1 });
  });
});

import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseProxy, type ProxySettings } from '../../config/proxy.ts';
import { addressKey, createClientAddress } from './index.ts';

const request = (remoteAddress: string | undefined, headers: Record<string, string | string[]> = {}) => ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

/** The client address under a TRUST_PROXY value (and TRUST_PROXY_HEADER), as the relay would build it. */
const resolver = (trustProxy: string | undefined, header?: string) => {
  const issues: string[] = [];
  const settings: ProxySettings = parseProxy((name) => (name === 'TRUST_PROXY' ? trustProxy : name === 'TRUST_PROXY_HEADER' ? header : undefined), issues);
  expect(issues).toEqual([]);
  return createClientAddress(settings);
};

describe('createClientAddress without trusted proxies', () => {
  it('is the socket address, whatever forwarding headers a visitor sends', () => {
    const address = resolver(undefined);
    expect(address(request('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' }))).toBe('203.0.113.7');
    expect(address(request('203.0.113.7', { forwarded: 'for=198.51.100.1' }))).toBe('203.0.113.7');
    expect(address(request('::ffff:203.0.113.7'))).toBe('203.0.113.7');
    expect(address(request('2001:DB8::7'))).toBe('2001:db8::7');
    expect(address(request(undefined))).toBe('unknown');
  });
});

describe('createClientAddress behind trusted proxies, by address', () => {
  const address = resolver('loopback,10.0.0.0/8');

  it('takes the client from X-Forwarded-For through the trusted proxy', () => {
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }))).toBe('198.51.100.1');
    expect(address(request('::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.1' }))).toBe('198.51.100.1');
    expect(address(request('::1', { 'x-forwarded-for': '2001:db8::1' }))).toBe('2001:db8::1');
  });

  it('walks a chain of trusted proxies and stops at the first untrusted address', () => {
    // client → 10.1.1.1 (trusted) → 127.0.0.1 (trusted) → relay
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1, 10.1.1.1' }))).toBe('198.51.100.1');
    // Several header lines count as one list.
    expect(address(request('127.0.0.1', { 'x-forwarded-for': ['198.51.100.1', '10.1.1.1'] }))).toBe('198.51.100.1');
  });

  it('ignores what a visitor wrote left of the first untrusted address (spoofing)', () => {
    // The visitor sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the visitor's real address.
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '1.1.1.1, 198.51.100.1' }))).toBe('198.51.100.1');
    // Claiming to be a trusted proxy does not help either: the walk stops at the real, untrusted address.
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '1.1.1.1, 10.9.9.9, 198.51.100.1' }))).toBe('198.51.100.1');
  });

  it('ignores forwarding headers from an untrusted socket', () => {
    expect(address(request('198.51.100.9', { 'x-forwarded-for': '1.1.1.1' }))).toBe('198.51.100.9');
  });

  it('keeps the last good address when an entry is malformed or missing', () => {
    expect(address(request('127.0.0.1', { 'x-forwarded-for': 'not-an-address' }))).toBe('127.0.0.1');
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1, garbage, 10.1.1.1' }))).toBe('10.1.1.1');
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '' }))).toBe('127.0.0.1');
    expect(address(request('127.0.0.1'))).toBe('127.0.0.1');
  });

  it('accepts ports and brackets as proxies write them, and normalises IPv4-mapped IPv6', () => {
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1:51234' }))).toBe('198.51.100.1');
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '[2001:db8::1]:4711' }))).toBe('2001:db8::1');
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '::ffff:198.51.100.1' }))).toBe('198.51.100.1');
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '[198.51.100.1]' }))).toBe('127.0.0.1');
  });

  it('ends at the leftmost entry when every hop is a trusted proxy (the best address known)', () => {
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '10.2.2.2, 10.1.1.1' }))).toBe('10.2.2.2');
  });
});

describe('createClientAddress behind a number of proxies', () => {
  it('trusts exactly that many hops from the socket', () => {
    const one = resolver('1');
    expect(one(request('192.0.2.50', { 'x-forwarded-for': '1.1.1.1, 198.51.100.1' }))).toBe('198.51.100.1');
    const two = resolver('2');
    expect(two(request('192.0.2.50', { 'x-forwarded-for': '1.1.1.1, 198.51.100.1, 192.0.2.40' }))).toBe('198.51.100.1');
  });

  it('stops at the leftmost entry when the count is larger than the chain', () => {
    const five = resolver('5');
    expect(five(request('192.0.2.50', { 'x-forwarded-for': '198.51.100.1, 192.0.2.40' }))).toBe('198.51.100.1');
    expect(five(request('192.0.2.50'))).toBe('192.0.2.50');
  });
});

describe('createClientAddress with RFC 7239 Forwarded', () => {
  const address = resolver('loopback', 'forwarded');

  it('takes for= through trusted hops, quoted IPv6 with a port included', () => {
    expect(address(request('127.0.0.1', { forwarded: 'for=198.51.100.1;proto=https;by=127.0.0.1' }))).toBe('198.51.100.1');
    expect(address(request('127.0.0.1', { forwarded: 'for="[2001:db8:cafe::17]:4711"' }))).toBe('2001:db8:cafe::17');
    expect(address(request('127.0.0.1', { forwarded: 'For="[2001:db8::1]"' }))).toBe('2001:db8::1');
    expect(address(request('127.0.0.1', { forwarded: 'for=1.1.1.1, for=198.51.100.1, for=127.0.0.1' }))).toBe('198.51.100.1');
    expect(address(request('127.0.0.1', { forwarded: 'for="198.51.100.1:8080";host="a,b.example"' }))).toBe('198.51.100.1');
  });

  it('stops at unknown, obfuscated, missing or malformed for= values', () => {
    for (const forwarded of [
      'for=unknown',
      'for=_hidden',
      'for="_SEVKISEK"',
      'proto=https',
      'for=198.51.100.1;for=198.51.100.2',
      'for="[2001:db8::1]',
      'for=[2001:db8::1',
      'for="not an address"',
    ]) {
      expect(address(request('127.0.0.1', { forwarded })), forwarded).toBe('127.0.0.1');
    }
    expect(address(request('127.0.0.1', { forwarded: 'for=198.51.100.1, for=unknown' }))).toBe('127.0.0.1');
  });

  it('accepts an unquoted IPv6 for= as some proxies write it', () => {
    expect(address(request('127.0.0.1', { forwarded: 'for=2001:db8::1' }))).toBe('2001:db8::1');
  });

  it('ignores X-Forwarded-For when the proxies write Forwarded (a visitor could have sent it)', () => {
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '1.1.1.1', forwarded: 'for=198.51.100.1' }))).toBe('198.51.100.1');
    expect(address(request('127.0.0.1', { 'x-forwarded-for': '1.1.1.1' }))).toBe('127.0.0.1');
  });
});

describe('addressKey', () => {
  it('counts IPv4 by address and IPv6 by /64 network, however the address is written', () => {
    expect(addressKey('198.51.100.1')).toBe('198.51.100.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002::')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('64:ff9b::198.51.100.1')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('unknown')).toBe('unknown');
  });
});

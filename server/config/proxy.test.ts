import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.ts';
import { issuesOf } from './issues.testing.ts';

const demo = (env: Record<string, string>) => loadConfig(env, { demoSecret: () => 'd'.repeat(64) });

describe('proxy settings', () => {
  it('trusts no proxy by default, reading X-Forwarded-For once one is trusted', () => {
    expect(demo({}).proxy).toEqual({ header: 'x-forwarded-for' });
    for (const off of ['off', 'false', '0', 'OFF']) expect(demo({ TRUST_PROXY: off }).proxy).toEqual({ header: 'x-forwarded-for' });
  });

  it('takes a number of proxies in front of the relay', () => {
    expect(demo({ TRUST_PROXY: '1' }).proxy.trust).toEqual({ hops: 1 });
    expect(demo({ TRUST_PROXY: '3', TRUST_PROXY_HEADER: 'Forwarded' }).proxy).toEqual({ trust: { hops: 3 }, header: 'forwarded' });
  });

  it('takes proxy addresses, CIDR ranges (IPv4 and IPv6) and the names loopback, private, linklocal', () => {
    const { trust } = demo({ TRUST_PROXY: 'loopback, 192.0.2.10, 10.0.0.0/8, 2001:db8::/32, ::ffff:198.51.100.2, fd00::1' }).proxy;
    expect(trust).toEqual({
      ranges: [
        { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
        { address: '192.0.2.10', prefix: 32, family: 'ipv4' },
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '2001:db8::', prefix: 32, family: 'ipv6' },
        { address: '198.51.100.2', prefix: 32, family: 'ipv4' },
        { address: 'fd00::1', prefix: 128, family: 'ipv6' },
      ],
    });
    expect(demo({ TRUST_PROXY: 'private' }).proxy.trust).toEqual({
      ranges: expect.arrayContaining([
        { address: '172.16.0.0', prefix: 12, family: 'ipv4' },
        { address: 'fc00::', prefix: 7, family: 'ipv6' },
      ]),
    });
  });

  it('reports each bad entry by name, and refuses trusting everyone', () => {
    const issues = issuesOf({ TRUST_PROXY: 'loopback, 10.0.0.0/33, proxy.example.com, 2001:db8::/129, 1.2.3.4/8/1, 300.1.1.1' });
    expect(issues).toHaveLength(5);
    for (const issue of issues) expect(issue).toMatch(/^TRUST_PROXY: ".*" is not an address, a CIDR range or a known name; expected "off" \(default\), a number of proxies/);
    expect(issuesOf({ TRUST_PROXY: 'true' })[0]).toMatch(/^TRUST_PROXY: got "true"; trusting every address would let any visitor choose their own address; expected/);
    expect(issuesOf({ TRUST_PROXY: '*' })).toHaveLength(1);
    expect(issuesOf({ TRUST_PROXY: '21' })[0]).toMatch(/^TRUST_PROXY: got "21"; expected .* \(1 to 20\)/);
    expect(issuesOf({ TRUST_PROXY: ',' })[0]).toMatch(/^TRUST_PROXY: got ","; expected/);
    expect(issuesOf({ TRUST_PROXY_HEADER: 'x-real-ip' })).toEqual([
      'TRUST_PROXY_HEADER: got "x-real-ip"; expected "x-forwarded-for" (default) or "forwarded" (RFC 7239), whichever your proxy writes',
    ]);
  });
});

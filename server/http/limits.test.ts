import { describe, expect, it } from 'vitest';
import { createLimits } from './limits.ts';

describe('createLimits', () => {
  it('counts IPv6 clients per /64 network, so rotating addresses inside one network gains nothing', () => {
    const limits = createLimits({ now: () => 0 });
    const taken = Array.from({ length: 61 }, (_, i) => limits.newSessionsPerAddress.take(`2001:db8:0:1::${(i + 1).toString(16)}`));
    expect(taken.filter(Boolean)).toHaveLength(60);
    expect(taken.at(-1)).toBe(false);
    expect(limits.newSessionsPerAddress.peek('2001:db8:0:1:ffff:ffff:ffff:ffff')).toBe(false);
    expect(limits.newSessionsPerAddress.take('2001:db8:0:2::1')).toBe(true);
    expect(limits.newSessionsPerAddress.take('198.51.100.1')).toBe(true);
  });

  it('lets one address use up less than an identity id can take, so one address alone cannot lock a customer out', () => {
    const limits = createLimits({ now: () => 0 });
    let fromOneAddress = 0;
    while (limits.identityFailuresPerAddress.take('198.51.100.1')) fromOneAddress++;
    let forOneId = 0;
    while (limits.identityFailuresPerId.take('user-42')) forOneId++;
    expect(forOneId).toBeGreaterThan(fromOneAddress);
  });
});

import { addressKey } from './client-address/index.ts';
import { createRateLimit, type RateLimitOptions } from './rate-limit.ts';

/** A limit per client address: IPv6 clients count per /64 network (see addressKey). */
const perAddress = (options: RateLimitOptions) => {
  const limit = createRateLimit(options);
  return { take: (address: string) => limit.take(addressKey(address)), peek: (address: string) => limit.peek(addressKey(address)) };
};

/**
 * The relay's rate limits, built once per relay. Each bucket is per visitor or per client address — never one for
 * the whole site — so one abusive client slows only itself. Every limiter forgets its least recently used keys
 * past 100,000, so memory stays bounded under a flood of addresses.
 */
export const createLimits = ({ now }: { now?: () => number } = {}) => {
  const clock = now ? { now } : {};
  return {
    /**
     * New visitors per address. Sized for a shared office or mobile-carrier NAT: tens of people opening the site at
     * once, and a few new visitors a second after that, from one address.
     */
    newSessionsPerAddress: perAddress({ burst: 60, perSecond: 3, ...clock }),
    /** Returning visitors (a valid earlier token) and identified ones: per visitor, never against their address. */
    sessionsPerVisitor: createRateLimit({ burst: 20, perSecond: 1, ...clock }),
    sendsPerVisitor: createRateLimit({ burst: 20, perSecond: 2, ...clock }),
    uploadsPerVisitor: createRateLimit({ burst: 20, perSecond: 0.5, ...clock }),
    /** Sessions are free, so files are also counted per address: a few sessions must not multiply the allowance. */
    uploadsPerAddress: perAddress({ burst: 20, perSecond: 0.1, ...clock }),
    /** Typing and read receipts: a few per second is plenty for a person. */
    presencePerVisitor: createRateLimit({ burst: 10, perSecond: 1, ...clock }),
    /** Charged only by refused identity hashes, so guessing is slow while honest visitors never notice. */
    identityFailuresPerAddress: perAddress({ burst: 10, perSecond: 0.1, ...clock }),
    /**
     * Refused hashes per identity id, from any address: guessing one id from many addresses is slow too. Larger than
     * an address's allowance, so one address alone cannot lock a customer out.
     */
    identityFailuresPerId: createRateLimit({ burst: 30, perSecond: 0.1, ...clock }),
  };
};

export type Limits = ReturnType<typeof createLimits>;

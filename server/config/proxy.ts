import { isIP } from 'node:net';

/** One entry of TRUST_PROXY's address list: a single address is a range with the full prefix. */
export interface AddressRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** How the relay recognises the reverse proxies in front of it. */
export interface ProxySettings {
  /**
   * TRUST_PROXY: absent = no proxy is trusted and forwarding headers are ignored (the socket's address is the
   * client). `hops`: that many proxies in front, whatever their addresses. `ranges`: proxies known by address.
   */
  trust?: { hops: number } | { ranges: AddressRange[] };
  /** TRUST_PROXY_HEADER: the one header the trusted proxies write; a header they do not write could be forged. */
  header: 'x-forwarded-for' | 'forwarded';
}

const range = (address: string, prefix: number): AddressRange => ({ address, prefix, family: isIP(address) === 4 ? 'ipv4' : 'ipv6' });

/** Named groups of addresses, as proxies usually sit on them. */
export const PROXY_SHORTHANDS: Record<string, AddressRange[]> = {
  loopback: [range('127.0.0.0', 8), range('::1', 128)],
  private: [range('10.0.0.0', 8), range('172.16.0.0', 12), range('192.168.0.0', 16), range('fc00::', 7)],
  linklocal: [range('169.254.0.0', 16), range('fe80::', 10)],
};

const MAX_HOPS = 20;
const EXPECTED =
  `expected "off" (default), a number of proxies in front of the relay (1 to ${MAX_HOPS}), or a comma-separated list of ` +
  'proxy addresses and CIDR ranges (IPv4 or IPv6) and the names loopback, private, linklocal — e.g. TRUST_PROXY=1 or TRUST_PROXY=loopback,10.0.0.0/8';

/** One TRUST_PROXY list entry as ranges, or undefined when it is neither an address, a CIDR range nor a shorthand. */
export const parseRange = (entry: string): AddressRange[] | undefined => {
  const named = PROXY_SHORTHANDS[entry.toLowerCase()];
  if (named) return named;
  const [address = '', prefixText, extra] = entry.split('/');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const family = isIP(mapped ?? address);
  if (family === 0 || extra !== undefined || (mapped !== undefined && prefixText !== undefined)) return undefined;
  const bits = family === 4 ? 32 : 128;
  if (prefixText === undefined) return [range(mapped ?? address, bits)];
  const prefix = Number(prefixText);
  return /^\d{1,3}$/.test(prefixText) && prefix <= bits ? [range(address, prefix)] : undefined;
};

/** Reads TRUST_PROXY and TRUST_PROXY_HEADER; every problem goes to `issues`, by name. */
export const parseProxy = (value: (name: string) => string | undefined, issues: string[]): ProxySettings => {
  const rawHeader = value('TRUST_PROXY_HEADER')?.toLowerCase() ?? 'x-forwarded-for';
  let header: ProxySettings['header'] = 'x-forwarded-for';
  if (rawHeader === 'x-forwarded-for' || rawHeader === 'forwarded') header = rawHeader;
  else issues.push(`TRUST_PROXY_HEADER: got "${value('TRUST_PROXY_HEADER')}"; expected "x-forwarded-for" (default) or "forwarded" (RFC 7239), whichever your proxy writes`);

  const raw = value('TRUST_PROXY');
  if (raw === undefined || /^(off|false|no|0)$/i.test(raw)) return { header };
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > MAX_HOPS) issues.push(`TRUST_PROXY: got "${raw}"; ${EXPECTED}`);
    return { trust: { hops }, header };
  }
  if (/^(true|on|yes|all|\*)$/i.test(raw)) {
    issues.push(`TRUST_PROXY: got "${raw}"; trusting every address would let any visitor choose their own address; ${EXPECTED}`);
    return { header };
  }
  const ranges: AddressRange[] = [];
  const entries = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (entries.length === 0) issues.push(`TRUST_PROXY: got "${raw}"; ${EXPECTED}`);
  for (const entry of entries) {
    const parsed = parseRange(entry);
    if (parsed) ranges.push(...parsed);
    else issues.push(`TRUST_PROXY: "${entry.slice(0, 100)}" is not an address, a CIDR range or a known name; ${EXPECTED}`);
  }
  return ranges.length > 0 ? { trust: { ranges }, header } : { header };
};

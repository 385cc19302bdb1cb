import { isIP } from 'node:net';

/**
 * An address as the relay compares it: IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a dual-stack socket reports) becomes
 * plain IPv4, IPv6 is lower case; undefined for anything that is not an IP address.
 */
export const normaliseAddress = (value: string): string | undefined => {
  const family = isIP(value);
  if (family === 4) return value;
  if (family === 0) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value)?.[1];
  return mapped ?? value.toLowerCase();
};

/** One forwarded hop: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:4711`. */
export const parseHop = (raw: string): string | undefined => {
  const value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(value)?.[1];
  if (bracketed !== undefined) return isIP(bracketed) === 6 ? normaliseAddress(bracketed) : undefined;
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d{1,5}$/.exec(value)?.[1];
  return normaliseAddress(withPort ?? value);
};

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail counts as two). */
const ipv6Groups = (address: string): number[] => {
  const plain = address.split('%')[0]!;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(plain);
  const text = v4 ? plain.slice(0, v4.index) + [((+v4[1]! << 8) | +v4[2]!).toString(16), ((+v4[3]! << 8) | +v4[4]!).toString(16)].join(':') : plain;
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
};

/**
 * The key a per-address limit counts under: the address itself for IPv4, the /64 network for IPv6 — one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would let one client be millions.
 */
export const addressKey = (address: string): string => {
  if (isIP(address.split('%')[0]!) !== 6) return address;
  return `${ipv6Groups(address)
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
};

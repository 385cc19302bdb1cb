import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';
import type { ProxySettings } from '../../config/proxy.ts';
import { normaliseAddress } from './address.ts';
import { forwardedFor, xForwardedFor } from './forwarded.ts';

export { addressKey, normaliseAddress } from './address.ts';

/** Forwarding headers may arrive several times; Node joins most, but take the array form too. */
const headerText = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(',') : value);

export type ClientAddress = (req: IncomingMessage) => string;

/**
 * The client's address for a request, built once per relay from its proxy settings. Without trusted proxies it is
 * the socket's address and forwarding headers are ignored, so a visitor cannot choose their own address. With
 * them, the walk starts at the socket and goes leftwards through the forwarding header while the hop it stands on
 * is a trusted proxy; the first untrusted address is the client. An entry that is not an address (malformed,
 * `unknown`, an obfuscated id) ends the walk at the last good address: a trusted proxy's, never a guess.
 */
export const createClientAddress = ({ trust, header = 'x-forwarded-for' }: Partial<ProxySettings> = {}): ClientAddress => {
  const trusted = ((): ((address: string, depth: number) => boolean) => {
    if (trust === undefined) return () => false;
    if ('hops' in trust) return (_address, depth) => depth < trust.hops;
    const proxies = new BlockList();
    for (const { address, prefix, family } of trust.ranges) proxies.addSubnet(address, prefix, family);
    return (address) => proxies.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  })();
  const hopsOf = header === 'forwarded' ? forwardedFor : xForwardedFor;

  return (req) => {
    const socket = normaliseAddress(req.socket.remoteAddress ?? '');
    if (socket === undefined) return 'unknown';
    if (!trusted(socket, 0)) return socket;
    const text = headerText(req.headers[header]);
    if (text === undefined) return socket;
    const hops = hopsOf(text);
    let client = socket;
    for (let depth = 0, index = hops.length - 1; index >= 0 && trusted(client, depth); depth++, index--) {
      const next = hops[index];
      if (next === undefined) break;
      client = next;
    }
    return client;
  };
};

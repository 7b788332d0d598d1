// Which address a request came from, for rate limits. Next.js copies a client's own
// X-Forwarded-For through unchanged, so it cannot be trusted by default: the socket's
// peer address is stamped on every request instead (lib/http/server-hooks.ts, installed
// at start-up), and forwarded headers are read only when TRUST_PROXY says a proxy sets them.
import { isIP } from 'node:net';
import { getEnv } from '../env';

/** Set by the server on every request from its socket; a client's own value is overwritten. */
export const PEER_ADDRESS_HEADER = 'x-uauth-peer-address';

/** The client's address: the socket peer, or what the trusted proxy reports. */
export function clientIp(headers: Headers): string {
  const trust = getEnv().TRUST_PROXY;
  if (trust) {
    const values = (headers.get(trust.header) ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    // Each proxy appends the address it saw: with n trusted proxies, the n-th from the
    // right is the one the outermost trusted proxy was connected from.
    const reported = values[values.length - trust.hops];
    if (reported && isIP(stripPort(reported))) return normalize(stripPort(reported));
  }
  return normalize(headers.get(PEER_ADDRESS_HEADER) ?? 'unknown');
}

/**
 * An address a caller names for someone else (a server sending for its end user, header
 * x-uauth-end-user-ip), normalized as clientIp's; null when it is not an IPv4 or IPv6 address.
 */
export function normalizedIp(value: string): string | null {
  const address = value.trim();
  return isIP(address) ? normalize(address) : null;
}

function stripPort(value: string): string {
  const bracketed = value.match(/^\[([^\]]+)\](?::\d+)?$/);
  if (bracketed?.[1]) return bracketed[1];
  return /^\d+\.\d+\.\d+\.\d+:\d+$/.test(value) ? value.replace(/:\d+$/, '') : value;
}

/** IPv4-mapped IPv6 → IPv4; other IPv6 → its /64 network (one household or server). */
function normalize(address: string): string {
  const mapped = address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped?.[1]) return mapped[1];
  if (isIP(address) === 6) {
    const groups = expandIpv6(address);
    return `${groups.slice(0, 4).join(':')}::/64`;
  }
  return address;
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array(missing).fill('0'), ...right].map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''));
}

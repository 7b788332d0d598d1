// A hook on node:http's Server, installed once at start-up (instrumentation.ts), that sees
// every request before Next.js does — API routes, pages, static files, Next's own 404s and
// redirects alike. It:
// - stamps the socket's peer address on the request (Next.js does not expose it; rate
//   limits read it through lib/http/client-ip.ts);
// - adds Strict-Transport-Security to every response when APP_URL is https;
// - warns once when requests evidently come through a proxy while TRUST_PROXY is unset
//   (every user behind it would then share one rate-limit bucket).
import http from 'node:http';
import { isIP } from 'node:net';
import { getEnv } from '../env';
import { log } from '../log';
import { PEER_ADDRESS_HEADER } from './client-ip';

/** One year; browsers then refuse plain http to this host for that long. */
export const HSTS_VALUE = 'max-age=31536000';

const globalForHooks = globalThis as unknown as { __uauthServerHooks?: boolean; __uauthProxyWarned?: boolean };

/** Installs the hook (idempotent). */
export function installServerHooks(): void {
  if (globalForHooks.__uauthServerHooks) return;
  globalForHooks.__uauthServerHooks = true;
  const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') onRequest(args[0] as http.IncomingMessage, args[1] as http.ServerResponse);
    return emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
}

function onRequest(request: http.IncomingMessage, response: http.ServerResponse): void {
  const peer = request.socket.remoteAddress ?? 'unknown';
  // A client's own value of this header is overwritten.
  request.headers[PEER_ADDRESS_HEADER] = peer;
  const settings = currentSettings();
  if (!settings) return;
  if (settings.https) response.setHeader('Strict-Transport-Security', HSTS_VALUE);
  if (!settings.trustProxy && !globalForHooks.__uauthProxyWarned && looksProxied(peer, request.headers)) {
    globalForHooks.__uauthProxyWarned = true;
    log.warn(
      `WARNING: requests arrive through a proxy (from ${peer}${isLoopback(peer) ? ' with a forwarded-for header' : ''}) ` +
        'but TRUST_PROXY is unset: rate limits see the proxy, not the client, so every user behind it shares one rate-limit bucket. ' +
        'Set TRUST_PROXY to the header your proxy sets with the client address, e.g. TRUST_PROXY=x-forwarded-for ' +
        '(x-forwarded-for:2 behind two proxies, x-real-ip for X-Real-IP).',
    );
  }
}

/** What the hook needs from the configuration; null while it is invalid (start-up then stops). */
function currentSettings(): { https: boolean; trustProxy: boolean } | null {
  try {
    const env = getEnv();
    return { https: env.APP_URL.startsWith('https:'), trustProxy: env.TRUST_PROXY !== undefined };
  } catch {
    return null;
  }
}

const forwardingHeaders = ['x-forwarded-for', 'x-real-ip', 'forwarded'];

/** A private-network peer, or a loopback peer that forwards a client's address. */
export function looksProxied(peer: string, headers: http.IncomingHttpHeaders): boolean {
  if (isPrivateAddress(peer)) return true;
  return isLoopback(peer) && forwardingHeaders.some((name) => headers[name] !== undefined);
}

function unmapped(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

function ipv4Octets(address: string): number[] | null {
  const plain = unmapped(address);
  return isIP(plain) === 4 ? plain.split('.').map(Number) : null;
}

export function isLoopback(address: string): boolean {
  const v4 = ipv4Octets(address);
  if (v4) return v4[0] === 127;
  return address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/** RFC 1918, carrier-grade NAT (100.64/10), link-local, IPv6 unique-local (fc00::/7) and link-local. */
export function isPrivateAddress(address: string): boolean {
  const v4 = ipv4Octets(address);
  if (v4) {
    const [a = 0, b = 0] = v4;
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254)
    );
  }
  if (isIP(address) !== 6) return false;
  const first = address.toLowerCase().split(':')[0] ?? '';
  const value = first === '' ? 0 : parseInt(first, 16);
  return (value & 0xfe00) === 0xfc00 || (value & 0xffc0) === 0xfe80;
}

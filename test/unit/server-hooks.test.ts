// Which peers make the server warn that a proxy is in front without TRUST_PROXY: a private
// network address (RFC 1918, 100.64/10, link-local, fc00::/7, fe80::/10), or loopback
// carrying a forwarded-for header. The warning itself is proven against the running app
// in test/security/server-hooks.test.ts.
import { describe, expect, it } from 'vitest';
import { isLoopback, isPrivateAddress, looksProxied } from '../../lib/http/server-hooks';

describe('isPrivateAddress', () => {
  it.each([
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.10',
    '100.64.0.1',
    '100.127.255.254',
    '169.254.10.1',
    '::ffff:10.1.2.3',
    '::ffff:192.168.0.2',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'febf::1',
  ])('%s is private', (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each([
    '8.8.8.8',
    '172.15.0.1',
    '172.32.0.1',
    '192.169.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '127.0.0.1',
    '::1',
    '2001:db8::1',
    'fec0::1',
    'fc::1',
    '::ffff:8.8.8.8',
    'unknown',
  ])('%s is not private', (address) => expect(isPrivateAddress(address)).toBe(false));
});

describe('looksProxied', () => {
  it('a private peer, with or without forwarded headers', () => {
    expect(looksProxied('10.0.0.5', {})).toBe(true);
    expect(looksProxied('fd00::5', { 'x-forwarded-for': '203.0.113.1' })).toBe(true);
  });

  it('a loopback peer only when it forwards an address', () => {
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopback(peer)).toBe(true);
      expect(looksProxied(peer, {})).toBe(false);
      expect(looksProxied(peer, { 'x-forwarded-for': '203.0.113.1' })).toBe(true);
      expect(looksProxied(peer, { 'x-real-ip': '203.0.113.1' })).toBe(true);
      expect(looksProxied(peer, { forwarded: 'for=203.0.113.1' })).toBe(true);
    }
  });

  it('never a public peer', () => {
    expect(looksProxied('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' })).toBe(false);
  });
});

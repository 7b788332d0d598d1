import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  computeUserHash,
  hashToken,
  newChallengeCode,
  newClientToken,
  newSecretKey,
  newSessionCode,
  newUserHashKey,
  normalizeEmail,
  randomToken,
  safeEqual,
} from '../../lib/tokens';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Bits of entropy carried by a base64url string of this length (6 bits per char). */
const bits = (s: string) => s.length * 6;

describe('token generation', () => {
  it('secret keys are sk_ + at least 32 base64url chars (≥ 128 bits)', () => {
    const key = newSecretKey();
    expect(key.startsWith('sk_')).toBe(true);
    const body = key.slice(3);
    expect(body).toMatch(BASE64URL);
    expect(body.length).toBeGreaterThanOrEqual(32);
    expect(bits(body)).toBeGreaterThanOrEqual(128);
  });

  it('client tokens are ck_ + at least 24 base64url chars', () => {
    const token = newClientToken();
    expect(token.startsWith('ck_')).toBe(true);
    const body = token.slice(3);
    expect(body).toMatch(BASE64URL);
    expect(body.length).toBeGreaterThanOrEqual(24);
  });

  it('challenge and session codes are base64url with ≥ 128 bits, no prefix', () => {
    for (const make of [newChallengeCode, newSessionCode]) {
      const code = make();
      expect(code).toMatch(BASE64URL);
      expect(bits(code)).toBeGreaterThanOrEqual(128);
      expect(code).not.toMatch(/^(sk|ck)_/);
    }
  });

  it('randomToken(n) encodes n bytes as unpadded base64url', () => {
    for (const n of [1, 16, 24, 32, 33]) {
      const t = randomToken(n);
      expect(t).toMatch(BASE64URL);
      expect(t).not.toContain('=');
      expect(Buffer.from(t, 'base64url').length).toBe(n);
    }
  });

  it('never repeats across many draws and uses the whole alphabet', () => {
    const makers = [newSecretKey, newClientToken, newChallengeCode, newSessionCode, newUserHashKey];
    for (const make of makers) {
      const seen = new Set<string>();
      for (let i = 0; i < 2000; i++) seen.add(make());
      expect(seen.size).toBe(2000);
    }
    // Character distribution: 64 distinct symbols show up across many codes.
    const chars = new Set<string>();
    for (let i = 0; i < 500; i++) for (const c of newChallengeCode()) chars.add(c);
    expect(chars.size).toBe(64);
  });
});

describe('hashToken', () => {
  it('is the SHA-256 hex of the token', () => {
    const token = newSecretKey();
    expect(hashToken(token)).toBe(createHash('sha256').update(token, 'utf8').digest('hex'));
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is deterministic and differs for different tokens', () => {
    const a = newChallengeCode();
    const b = newChallengeCode();
    expect(hashToken(a)).toBe(hashToken(a));
    expect(hashToken(a)).not.toBe(hashToken(b));
  });

  it('hashes unicode as UTF-8', () => {
    expect(hashToken('é')).toBe(createHash('sha256').update(Buffer.from('é', 'utf8')).digest('hex'));
  });
});

describe('safeEqual', () => {
  it('is true only for identical strings', () => {
    const a = newSecretKey();
    expect(safeEqual(a, a)).toBe(true);
    expect(safeEqual(a, `${a}`)).toBe(true);
    expect(safeEqual(a, newSecretKey())).toBe(false);
    expect(safeEqual(a, a.slice(0, -1) + (a.endsWith('A') ? 'B' : 'A'))).toBe(false);
  });

  it('handles different lengths and empty strings without throwing', () => {
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual('a'.repeat(10_000), 'a')).toBe(false);
  });

  it('is case sensitive', () => {
    expect(safeEqual('sk_ABC', 'sk_abc')).toBe(false);
  });
});

describe('computeUserHash', () => {
  it('is stable for one key and one address', () => {
    const key = newUserHashKey();
    expect(computeUserHash(key, 'a@example.test')).toBe(computeUserHash(key, 'a@example.test'));
    expect(computeUserHash(key, 'a@example.test')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs across keys (projects) and across addresses', () => {
    const k1 = newUserHashKey();
    const k2 = newUserHashKey();
    expect(computeUserHash(k1, 'a@example.test')).not.toBe(computeUserHash(k2, 'a@example.test'));
    expect(computeUserHash(k1, 'a@example.test')).not.toBe(computeUserHash(k1, 'b@example.test'));
  });

  it('does not reveal the address (not a plain hash of it, does not contain it)', () => {
    const key = newUserHashKey();
    const email = 'someone@example.test';
    const hash = computeUserHash(key, email);
    expect(hash).not.toContain('someone');
    expect(hash).not.toBe(hashToken(email));
    expect(hash).not.toBe(createHash('sha256').update(email).digest('hex'));
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Alice@Example.TEST  ')).toBe('alice@example.test');
    expect(normalizeEmail('\tBOB@x.io\n')).toBe('bob@x.io');
    expect(normalizeEmail('plain@x.io')).toBe('plain@x.io');
  });

  it('makes equivalent addresses hash to the same userHash', () => {
    const key = newUserHashKey();
    expect(computeUserHash(key, normalizeEmail(' A@B.test'))).toBe(computeUserHash(key, normalizeEmail('a@b.TEST ')));
  });
});

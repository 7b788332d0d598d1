// Credentials and codes: prefix + random, stored only as SHA-256 (they are high-entropy,
// so a fast hash is enough), compared without short-circuiting.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Organization secret key: `sk_` + 256 random bits. */
export const newSecretKey = (): string => `sk_${randomToken(32)}`;
/** Project client token: `ck_` + 192 random bits; public, safe in browser code. */
export const newClientToken = (): string => `ck_${randomToken(24)}`;
/** Challenge (magic-link) code: 256 random bits. */
export const newChallengeCode = (): string => randomToken(32);
/** Session code: 256 random bits. */
export const newSessionCode = (): string => randomToken(32);
/** Per-project key for userHash. */
export const newUserHashKey = (): string => randomToken(32);

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time string comparison (compares digests, so lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** Stable per (project, address), different across projects, reveals nothing of the address. */
export function computeUserHash(userHashKey: string, normalizedEmail: string): string {
  return createHmac('sha256', userHashKey).update(normalizedEmail, 'utf8').digest('hex');
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

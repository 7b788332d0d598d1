// Field schemas shared by every input schema. zod is the single source of truth for
// what UAuth accepts (and, later, for the OpenAPI document).
import { z } from 'zod';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** https everywhere; plain http only for a server on this machine. */
function isAllowedScheme(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const uuidSchema = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .regex(UUID_PATTERN, 'must be a UUID')
  .meta({ format: 'uuid' });

/** What uuidSchema accepts, normalized the same way; null for anything it rejects (hot paths). */
export function normalizedUuid(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const id = value.trim().toLowerCase();
  return UUID_PATTERN.test(id) ? id : null;
}

export const emailSchema = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid email address'))
  .meta({ format: 'email', description: 'Compared trimmed and lower-cased.', examples: ['ada@example.com'] });

/** `https://host[:port]` (or http on localhost); stored as the URL's origin. */
export const originSchema = z
  .string({ error: 'is required' })
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .transform((value, ctx) => {
    const url = parseUrl(value);
    // Only scheme, host and port: no path, query, fragment or credentials.
    const isOriginOnly =
      url !== null &&
      url.pathname === '/' &&
      !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\/./i.test(value) &&
      !value.includes('?') &&
      !value.includes('#') &&
      url.username === '' &&
      url.password === '';
    if (!url || !isOriginOnly || !isAllowedScheme(url)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an origin such as https://app.example.com (http only for localhost), without a path',
      });
      return z.NEVER;
    }
    return url.origin;
  })
  .meta({
    description: 'An origin only: `https://host[:port]` (plain http only for localhost / 127.0.0.1), no path.',
    examples: ['https://app.example.com'],
  });

/** Absolute https URL (http on localhost), no fragment, no credentials. */
export const redirectUrlSchema = z
  .string({ error: 'is required' })
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .transform((value, ctx) => {
    const url = parseUrl(value);
    if (!url || !isAllowedScheme(url) || url.hash !== '' || value.includes('#') || url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an absolute https URL (http only for localhost) without a fragment',
      });
      return z.NEVER;
    }
    return url.href;
  })
  .meta({
    format: 'uri',
    description: 'An absolute https URL (plain http only for localhost / 127.0.0.1) without a fragment.',
    examples: ['https://app.example.com/auth/callback'],
  });

export const httpsUrlSchema = z
  .string()
  .trim()
  .max(2048, 'must be at most 2048 characters')
  .refine((value) => parseUrl(value)?.protocol === 'https:', 'must be an https URL')
  .meta({ format: 'uri', description: 'An https URL.' });

/** Optional text: absent, null or "" all mean "not set" (parsed as null). */
export function optional<S extends z.ZodType>(schema: S) {
  return z
    .preprocess((v) => (v === '' || v === undefined ? null : v), schema.nullable())
    .optional()
    .transform((v) => v ?? null);
}

/** True when both are URLs with a real (non-opaque) origin, and it is the same. */
export function isSameOrigin(a: string, b: string): boolean {
  const origin = parseUrl(a)?.origin;
  return origin !== undefined && origin !== 'null' && origin === parseUrl(b)?.origin;
}

// All configuration, parsed once with zod. A bad value stops start-up with a
// message naming the variable (see instrumentation.ts and scripts/cli.ts).
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDataDir } from './data-dir';

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

const positiveInt = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

export type RateRule = { limit: number; windowSeconds: number };
const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "off" → [] (no limit); "1/30s,10/1h" → [{limit 1, 30 s}, {limit 10, 3600 s}]. */
const rateRules = (fallback: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .default(fallback)
    .transform((value, ctx): RateRule[] => {
      if (value === 'off') return [];
      const rules: RateRule[] = [];
      for (const part of value.split(',')) {
        const match = part.trim().match(/^(\d{1,6})\/(\d{0,6})([smhd]?)$/);
        const limit = Number(match?.[1]);
        const windowSeconds = Number(match?.[2] || 1) * (unitSeconds[match?.[3] || 's'] ?? 1);
        if (!match || limit < 1 || windowSeconds < 1 || windowSeconds > 7 * 86_400) {
          ctx.addIssue({ code: 'custom', message: `must be "off" or like "1/30s,10/1h" (got "${part.trim()}")` });
          return z.NEVER;
        }
        rules.push({ limit, windowSeconds });
      }
      return rules;
    });

export type DashboardSignup = { mode: 'open' } | { mode: 'invite' } | { mode: 'domains'; domains: string[] };

/** "open" | "invite" | "domains:acme.com,acme.io" */
const dashboardSignup = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value, ctx): DashboardSignup => {
    if (value === 'open' || value === 'invite') return { mode: value };
    const domains = value.startsWith('domains:')
      ? value
          .slice('domains:'.length)
          .split(',')
          .map((d) => d.trim().replace(/^@/, ''))
          .filter(Boolean)
      : [];
    if (domains.length === 0 || !domains.every((d) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d))) {
      ctx.addIssue({ code: 'custom', message: 'must be "open", "invite" or "domains:acme.com,acme.io"' });
      return z.NEVER;
    }
    return { mode: 'domains', domains };
  });

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_URL: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATA_DIR: z.string().min(1).default('.data'),
    APP_URL: z
      .url({ protocol: /^https?$/, message: 'must be an absolute http(s) URL' })
      .default('http://localhost:3000')
      .transform((v) => v.replace(/\/+$/, '')),
    SESSION_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    MAIL_TRANSPORT: z.preprocess(emptyAsUndefined, z.enum(['resend', 'outbox']).optional()),
    RESEND_API_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
    RESEND_BASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    MAIL_FROM: z.preprocess(emptyAsUndefined, z.string().optional()),
    MAIL_TIMEOUT_MS: positiveInt(10_000, 100, 120_000),
    CHALLENGE_TTL_SECONDS: positiveInt(900, 1, 86_400),
    /**
     * Lifetime of the signed access tokens (JWT, EdDSA) that verify and refresh answer, 60 to
     * 3600 seconds. A revoked session's token keeps verifying locally until it expires, so
     * keep it short; a rotated signing key starts signing this long plus the JWKS max-age
     * (300 s) after it is published.
     */
    ACCESS_TOKEN_TTL_SECONDS: positiveInt(300, 60, 3600),
    DATABASE_POOL_MAX: positiveInt(10, 1, 200),
    DATABASE_CONNECT_TIMEOUT_SECONDS: positiveInt(5, 1, 120),
    DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(10_000, 100, 600_000),
    // Abuse limits (lib/rate-limit): "off" or comma-separated "<count>/<window>", e.g. "1/30s,10/1h".
    RATE_LIMIT_SEND_PER_ADDRESS: rateRules('1/30s,10/1h'),
    RATE_LIMIT_SEND_PER_IP: rateRules('60/1h'),
    /** Every project of one organization together, REST and hosted pages: no tenant is a mail cannon. */
    RATE_LIMIT_SEND_PER_ORGANIZATION: rateRules('1000/1h'),
    /** Failed verify attempts (unknown, used, expired code) per (project, client IP); successes never count. */
    RATE_LIMIT_VERIFY_PER_IP: rateRules('60/1m'),
    /** Dashboard invitations: per organization, and per (organization, address). */
    RATE_LIMIT_INVITE_PER_ORGANIZATION: rateRules('20/1d'),
    RATE_LIMIT_INVITE_PER_ADDRESS: rateRules('1/1d'),
    RATE_LIMIT_SIGN_IN_PER_ADDRESS: rateRules('1/30s,10/1h'),
    RATE_LIMIT_SIGN_IN_PER_IP: rateRules('60/1h'),
    // Unset: the client IP is the socket's peer. Else the header a trusted proxy sets:
    // "x-forwarded-for" (its last hop), "x-forwarded-for:<n>" (n proxies), "x-real-ip", …
    TRUST_PROXY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[a-z0-9-]+(:[1-9]\d?)?$/i, 'must be a header name such as x-forwarded-for, optionally with :<hops>')
        .transform((v) => {
          const [header = '', hops] = v.toLowerCase().split(':');
          return { header, hops: hops ? Number(hops) : 1 };
        })
        .optional(),
    ),
    /** Projects one organization may have (409 beyond). */
    MAX_PROJECTS_PER_ORGANIZATION: positiveInt(100, 1, 1_000_000),
    /**
     * Who may get an organization by signing in to the dashboard: `open` (anyone), `invite`
     * (only addresses with a pending invitation or a membership), `domains:acme.com,acme.io`
     * (open for those email domains). Default: `open` outside production, `invite` in it.
     */
    DASHBOARD_SIGNUP: z.preprocess(emptyAsUndefined, dashboardSignup.optional()),
    /** `on` lets the development mailbox run on a public production URL (it shows every sign-in link). */
    DEV_MAILBOX: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).optional()),
    /** Delivery log (email_messages) and audit events older than this are purged by housekeeping. */
    EMAIL_RETENTION_DAYS: positiveInt(30, 1, 3650),
    AUDIT_RETENTION_DAYS: positiveInt(365, 1, 36_500),
    /** Expired challenges, sessions and hosted logins are kept this long (410 answers stay meaningful). */
    HOUSEKEEPING_GRACE_SECONDS: positiveInt(7 * 86_400, 0, 366 * 86_400),
    /** How often each app process tries to purge (one instance at a time); 0 turns it off. */
    HOUSEKEEPING_INTERVAL_SECONDS: positiveInt(3600, 0, 7 * 86_400),
  })
  .superRefine((env, ctx) => {
    const transport = env.MAIL_TRANSPORT ?? (env.RESEND_API_KEY ? 'resend' : undefined);
    if (transport === 'resend') {
      if (!env.RESEND_API_KEY)
        ctx.addIssue({ code: 'custom', path: ['RESEND_API_KEY'], message: 'is required when MAIL_TRANSPORT=resend' });
      if (!env.MAIL_FROM)
        ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'is required to send mail with Resend' });
    }
    if (!transport && env.NODE_ENV === 'production')
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_TRANSPORT'],
        message: 'is required in production: set RESEND_API_KEY and MAIL_FROM, or MAIL_TRANSPORT=outbox explicitly',
      });
    if (!env.SESSION_SECRET && env.NODE_ENV === 'production')
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production (32+ characters)' });
    if (
      env.NODE_ENV === 'production' &&
      transport === 'outbox' &&
      URL.canParse(env.APP_URL) &&
      !isLocalHost(env.APP_URL) &&
      env.DEV_MAILBOX !== 'on'
    )
      ctx.addIssue({
        code: 'custom',
        path: ['MAIL_TRANSPORT'],
        message: `is outbox on the public URL ${env.APP_URL}: anyone could read every sign-in link at /dev/mailbox. Configure Resend, or set DEV_MAILBOX=on if you really mean it`,
      });
  });

/** Served on this machine only (localhost, 127.0.0.1, [::1]). */
function isLocalHost(value: string): boolean {
  return localHosts.has(new URL(value).hostname);
}

function isLocalUrl(value: string): boolean {
  return new URL(value).protocol === 'http:' && isLocalHost(value);
}

export type Env = Omit<z.infer<typeof schema>, 'MAIL_TRANSPORT' | 'SESSION_SECRET' | 'DASHBOARD_SIGNUP'> & {
  MAIL_TRANSPORT: 'resend' | 'outbox';
  SESSION_SECRET: string;
  DASHBOARD_SIGNUP: DashboardSignup;
  /** True when APP_URL is served over plain http on this machine (development). */
  isLocalAppUrl: boolean;
};

export class EnvError extends Error {
  override name = 'EnvError';
}

let cached: Env | undefined;

/** The parsed configuration. Throws EnvError naming every bad variable. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  cached = {
    ...env,
    MAIL_TRANSPORT: env.MAIL_TRANSPORT ?? (env.RESEND_API_KEY ? 'resend' : 'outbox'),
    SESSION_SECRET: env.SESSION_SECRET ?? developmentSessionSecret(env.DATA_DIR),
    DASHBOARD_SIGNUP: env.DASHBOARD_SIGNUP ?? { mode: env.NODE_ENV === 'production' ? 'invite' : 'open' },
    isLocalAppUrl: isLocalUrl(env.APP_URL),
  };
  return cached;
}

/** Outside production a missing SESSION_SECRET is generated once and kept in DATA_DIR. */
function developmentSessionSecret(dataDir: string): string {
  ensurePrivateDataDir(dataDir);
  const file = path.resolve(dataDir, 'session-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // not there yet
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    // another process wrote it first: use theirs
    return readFileSync(file, 'utf8').trim();
  }
}

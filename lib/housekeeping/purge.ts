// Housekeeping: delete what can never be used again, so tables do not grow without
// bound. Expired challenges, sessions, hosted logins and invitations are kept for a grace period
// (HOUSEKEEPING_GRACE_SECONDS, 7 days by default) so that a late click still gets a
// meaningful "expired" answer instead of "unknown"; rate-limit counters go as soon as
// their window has passed. The delivery log (email_messages: addresses, subjects, and in
// the outbox the sealed links) is kept EMAIL_RETENTION_DAYS (30), audit events
// AUDIT_RETENTION_DAYS (365). A signing key that no longer signs goes once every token it
// signed has expired (it is then no longer published) and the grace period has passed.
// Every app process runs this on a schedule (lib/startup.ts); a PostgreSQL advisory lock
// lets one instance purge at a time, the others skip.
import { inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { type Database, getDb, rowsOf } from '../db/client';
import {
  auditEvents,
  challenges,
  emailMessages,
  hostedLogins,
  invitations,
  rateLimits,
  sessions,
  signingKeys,
} from '../db/schema';
import { getEnv } from '../env';
import { isDatabaseUnavailable } from '../errors';
import { log } from '../log';

/** pg_try_advisory_xact_lock(key1, key2): "UAut", 1. */
const LOCK_KEY = sql.raw('1430353268, 1');
/** Rows deleted per statement: short transactions, bounded memory. */
const BATCH_SIZE = 2000;
/** At most this many batches per table per run; the next run goes on. */
const MAX_BATCHES = 50;

export type PurgeResult = {
  /** False when another instance held the lock, and this pass stopped there. */
  ran: boolean;
  challenges: number;
  sessions: number;
  hostedLogins: number;
  /** Dashboard invitations past their expiry (answered or not) and the grace period. */
  invitations: number;
  rateLimits: number;
  /** Delivery log rows older than EMAIL_RETENTION_DAYS. */
  emailMessages: number;
  /** Audit events older than AUDIT_RETENTION_DAYS. */
  auditEvents: number;
  /** Signing keys unpublished (superseded, every token they signed expired) longer than the grace period. */
  signingKeys: number;
};

export type PurgeOptions = {
  /** Seconds expired rows are kept; default HOUSEKEEPING_GRACE_SECONDS. */
  graceSeconds?: number;
  /** Days email_messages rows are kept; default EMAIL_RETENTION_DAYS. */
  emailRetentionDays?: number;
  /** Days audit events are kept; default AUDIT_RETENTION_DAYS. */
  auditRetentionDays?: number;
  now?: Date;
  db?: Database;
};

type Counted = Exclude<keyof PurgeResult, 'ran'>;
/** How long a row is kept past its timestamp: the grace period, none, or a retention. */
type Keep = 'grace' | 'none' | 'email' | 'audit';
/** `expired(cutoff)`: the rows whose timestamp is before `cutoff` (now minus what `keep` keeps). */
type Target = { name: Counted; table: PgTable; id: PgColumn; expired: (cutoff: Date) => SQL; keep: Keep };

const before = (column: PgColumn) => (cutoff: Date) => lt(column, cutoff) as SQL;

/**
 * A signing key stops being published ACCESS_TOKEN_TTL_SECONDS after the next key of its
 * project activates (keyStates in lib/access-tokens/signing-keys.ts): it is past `cutoff`
 * when a later key activated before cutoff − that lifetime.
 */
function unpublishedBefore(cutoff: Date): SQL {
  const activatedBefore = new Date(cutoff.getTime() - getEnv().ACCESS_TOKEN_TTL_SECONDS * 1000);
  return sql`exists (select 1 from ${signingKeys} later
    where later.project_id = ${signingKeys.projectId} and later.activates_at > ${signingKeys.activatesAt}
      and later.activates_at < ${activatedBefore.toISOString()}::timestamptz)`;
}

const targets: Target[] = [
  { name: 'challenges', table: challenges, id: challenges.id, expired: before(challenges.expiresAt), keep: 'grace' },
  { name: 'sessions', table: sessions, id: sessions.id, expired: before(sessions.expiresAt), keep: 'grace' },
  {
    name: 'hostedLogins',
    table: hostedLogins,
    id: hostedLogins.id,
    expired: before(hostedLogins.expiresAt),
    keep: 'grace',
  },
  {
    name: 'invitations',
    table: invitations,
    id: invitations.id,
    expired: before(invitations.expiresAt),
    keep: 'grace',
  },
  { name: 'rateLimits', table: rateLimits, id: rateLimits.key, expired: before(rateLimits.expiresAt), keep: 'none' },
  {
    name: 'emailMessages',
    table: emailMessages,
    id: emailMessages.id,
    expired: before(emailMessages.createdAt),
    keep: 'email',
  },
  {
    name: 'auditEvents',
    table: auditEvents,
    id: auditEvents.id,
    expired: before(auditEvents.createdAt),
    keep: 'audit',
  },
  { name: 'signingKeys', table: signingKeys, id: signingKeys.kid, expired: unpublishedBefore, keep: 'grace' },
];

const DAY_SECONDS = 86_400;

/** One purge pass over every table. Safe to run from many processes at once. */
export async function purgeExpired(options: PurgeOptions = {}): Promise<PurgeResult> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const env = getEnv();
  const keptSeconds: Record<Keep, number> = {
    grace: options.graceSeconds ?? env.HOUSEKEEPING_GRACE_SECONDS,
    none: 0,
    email: (options.emailRetentionDays ?? env.EMAIL_RETENTION_DAYS) * DAY_SECONDS,
    audit: (options.auditRetentionDays ?? env.AUDIT_RETENTION_DAYS) * DAY_SECONDS,
  };
  const result: PurgeResult = {
    ran: true,
    challenges: 0,
    sessions: 0,
    hostedLogins: 0,
    invitations: 0,
    rateLimits: 0,
    emailMessages: 0,
    auditEvents: 0,
    signingKeys: 0,
  };

  for (const target of targets) {
    const cutoff = new Date(now.getTime() - keptSeconds[target.keep] * 1000);
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const deleted = await db.transaction(async (tx) => {
        // Transaction-scoped: released by the commit, also if this process dies.
        const [lock] = rowsOf(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`));
        if (!lock?.locked) return null;
        const expired = tx.select({ id: target.id }).from(target.table).where(target.expired(cutoff)).limit(BATCH_SIZE);
        const rows = await tx.delete(target.table).where(inArray(target.id, expired)).returning({ id: target.id });
        return rows.length;
      });
      if (deleted === null) {
        // Another instance is purging right now; it will do the rest.
        result.ran = false;
        return result;
      }
      result[target.name] += deleted;
      if (deleted < BATCH_SIZE) break;
    }
  }
  return result;
}

const globalForHousekeeping = globalThis as unknown as { __uauthHousekeeping?: NodeJS.Timeout[] };

/**
 * Runs purgeExpired every HOUSEKEEPING_INTERVAL_SECONDS in this process (first run after
 * a short random delay, so instances started together do not all try at once). The
 * timer is unref'd: it never keeps the process alive.
 */
export function startHousekeeping(): void {
  const { HOUSEKEEPING_INTERVAL_SECONDS: interval } = getEnv();
  if (interval === 0 || globalForHousekeeping.__uauthHousekeeping) return;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const result = await purgeExpired();
      const total = targets.reduce((sum, target) => sum + result[target.name], 0);
      if (total > 0) log.info('housekeeping: purged', result);
    } catch (error) {
      if (isDatabaseUnavailable(error)) log.error('housekeeping skipped: database unavailable');
      else log.error('housekeeping failed', { err: error });
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void run(), Math.min(interval, 5) * 1000 * (0.5 + Math.random() / 2));
  first.unref();
  const timer = setInterval(() => void run(), interval * 1000);
  timer.unref();
  globalForHousekeeping.__uauthHousekeeping = [first, timer];
}

export function stopHousekeeping(): void {
  for (const timer of globalForHousekeeping.__uauthHousekeeping ?? []) clearTimeout(timer);
  globalForHousekeeping.__uauthHousekeeping = undefined;
}

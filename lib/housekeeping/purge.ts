// Housekeeping: delete what can never be used again, so tables do not grow without
// bound. Expired challenges, sessions and workflow sessions are kept for a grace period
// (HOUSEKEEPING_GRACE_SECONDS, 7 days by default) so that a late click still gets a
// meaningful "expired" answer instead of "unknown"; rate-limit counters go as soon as
// their window has passed. Every app process runs this on a schedule (lib/startup.ts);
// a PostgreSQL advisory lock lets one instance purge at a time, the others skip.
import { inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { getDb, rowsOf, type Database } from '../db/client';
import { challenges, rateLimits, sessions, workflowSessions } from '../db/schema';
import { getEnv } from '../env';
import { isDatabaseUnavailable } from '../errors';

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
  workflowSessions: number;
  rateLimits: number;
};

export type PurgeOptions = {
  /** Seconds expired rows are kept; default HOUSEKEEPING_GRACE_SECONDS. */
  graceSeconds?: number;
  now?: Date;
  db?: Database;
};

type Target = { name: Exclude<keyof PurgeResult, 'ran'>; table: PgTable; id: PgColumn; expiresAt: PgColumn; grace: boolean };

const targets: Target[] = [
  { name: 'challenges', table: challenges, id: challenges.id, expiresAt: challenges.expiresAt, grace: true },
  { name: 'sessions', table: sessions, id: sessions.id, expiresAt: sessions.expiresAt, grace: true },
  { name: 'workflowSessions', table: workflowSessions, id: workflowSessions.id, expiresAt: workflowSessions.expiresAt, grace: true },
  { name: 'rateLimits', table: rateLimits, id: rateLimits.key, expiresAt: rateLimits.expiresAt, grace: false },
];

/** One purge pass over every table. Safe to run from many processes at once. */
export async function purgeExpired(options: PurgeOptions = {}): Promise<PurgeResult> {
  const db = options.db ?? (await getDb());
  const now = options.now ?? new Date();
  const graceSeconds = options.graceSeconds ?? getEnv().HOUSEKEEPING_GRACE_SECONDS;
  const result: PurgeResult = { ran: true, challenges: 0, sessions: 0, workflowSessions: 0, rateLimits: 0 };

  for (const target of targets) {
    const cutoff = target.grace ? new Date(now.getTime() - graceSeconds * 1000) : now;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const deleted = await db.transaction(async (tx) => {
        // Transaction-scoped: released by the commit, also if this process dies.
        const [lock] = rowsOf(await tx.execute(sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as locked`));
        if (!lock?.locked) return null;
        const expired = tx
          .select({ id: target.id })
          .from(target.table)
          .where(lt(target.expiresAt, cutoff) as SQL)
          .limit(BATCH_SIZE);
        const rows = await tx
          .delete(target.table)
          .where(inArray(target.id, expired))
          .returning({ id: target.id });
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
      const total = result.challenges + result.sessions + result.workflowSessions + result.rateLimits;
      if (total > 0) console.log(`[uauth] housekeeping: purged ${JSON.stringify(result)}`);
    } catch (error) {
      if (isDatabaseUnavailable(error)) console.error('[uauth] housekeeping skipped: database unavailable');
      else console.error('[uauth] housekeeping failed:', error instanceof Error ? error.message : String(error));
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

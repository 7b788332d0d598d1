// Sliding-window rate limits kept in PostgreSQL, so every app instance counts the
// same requests. One row per (rule, subject); `hits` holds the request times inside
// the longest window. A single upsert adds a hit only if every window still has room;
// the row lock it takes makes concurrent requests, on any instance, take turns.
import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, getDb, rowsOf } from '../db/client';
import type { RateRule } from '../env';
import { AppError } from '../errors';

export type RateLimitCheck = {
  /** Names the limit, e.g. "send:address"; part of the stored key. */
  name: string;
  /** Who is counted: an address, an IP, a project and an address… never stored as is. */
  subject: string;
  rules: RateRule[];
  /** Shown in the 429 detail, e.g. "this email address". */
  describe: string;
};

const keyOf = (check: RateLimitCheck) =>
  createHash('sha256').update(`${check.name}\u0000${check.subject}`).digest('base64url');

type Executor = Pick<Database, 'execute'>;

const rows = async (db: Executor, query: SQL) => rowsOf(await db.execute(query));

/** Counts one hit; returns false (counting nothing) when a window is full. */
async function hit(db: Executor, key: string, rules: RateRule[]): Promise<boolean> {
  const longest = Math.max(...rules.map((r) => r.windowSeconds));
  const room = sql.join(
    rules.map(
      (r) =>
        sql`(select count(*) from unnest(r.hits) h where h > now() - make_interval(secs => ${r.windowSeconds})) < ${r.limit}`,
    ),
    sql` and `,
  );
  const result = await rows(
    db,
    sql`insert into rate_limits as r (key, hits, expires_at)
        values (${key}, array[now()], now() + make_interval(secs => ${longest}))
        on conflict (key) do update
          set hits = array(select h from unnest(r.hits) h where h > now() - make_interval(secs => ${longest}) order by h) || now(),
              expires_at = now() + make_interval(secs => ${longest})
          where ${room}
        returning 1 as ok`,
  );
  return result.length === 1;
}

/** Seconds until a request under `key` would fit every window again. */
async function retryAfter(db: Executor, key: string, rules: RateRule[]): Promise<number> {
  const [row] = await rows(
    db,
    sql`select extract(epoch from now())::float8 as now,
               coalesce((select array_agg(extract(epoch from h)::float8 order by h) from unnest(hits) h), '{}') as hits
        from rate_limits where key = ${key}`,
  );
  if (!row) return 1;
  const now = Number(row.now);
  const hits = (row.hits as Array<number | string>).map(Number);
  let wait = 1;
  for (const { limit, windowSeconds } of rules) {
    const inWindow = hits.filter((h) => h > now - windowSeconds);
    if (inWindow.length >= limit) {
      // the window has room again once its oldest counted hit leaves it
      const freeing = inWindow[inWindow.length - limit] ?? now;
      wait = Math.max(wait, Math.ceil(freeing + windowSeconds - now));
    }
  }
  return wait;
}

/**
 * Counts this request against every check, all or nothing: if one limit is reached
 * nothing is counted and a 429 AppError (with Retry-After) is thrown.
 */
export async function enforceRateLimits(checks: RateLimitCheck[]): Promise<void> {
  const active = checks.filter((c) => c.rules.length > 0);
  if (active.length === 0) return;
  const db = await getDb();
  const [only] = active;
  const blocked = await (only && active.length === 1
    ? hit(db, keyOf(only), only.rules).then((ok) => (ok ? null : only))
    : db
        .transaction(async (tx) => {
          for (const check of active) {
            if (!(await hit(tx, keyOf(check), check.rules))) throw new Blocked(check);
          }
          return null;
        })
        .catch((error: unknown) => {
          if (error instanceof Blocked) return error.check;
          throw error;
        }));
  if (!blocked) return;
  const seconds = await retryAfter(db, keyOf(blocked), blocked.rules);
  throw new AppError(
    'rate_limited',
    `Too many requests for ${blocked.describe}. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    { retryAfterSeconds: seconds },
  );
}

class Blocked extends Error {
  constructor(readonly check: RateLimitCheck) {
    super('rate limited');
  }
}

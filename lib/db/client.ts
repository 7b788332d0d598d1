// The database handle. DATABASE_URL set → PostgreSQL through postgres.js;
// unset → the embedded PGlite in DATA_DIR (lib/db/embedded.ts). Both speak Drizzle,
// so the rest of lib/ never knows which one it has. Cached on globalThis: Next.js
// bundles route handlers separately, and dev reloads modules, but there must be one
// pool (and one PGlite) per process.
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Sql, TransactionSql } from 'postgres';
import { getEnv } from '../env';
import { openEmbeddedDatabase } from './embedded';
import { migrateDatabase } from './migrate';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle =
  | { kind: 'postgres'; db: Database; client: Sql; url: string; close: () => Promise<void> }
  | { kind: 'embedded'; db: Database; client: PGlite; close: () => Promise<void> };

type OpenOptions = {
  /** The app serves the control socket so that the CLI can reach the embedded database. */
  serveControl?: boolean;
};

const globalForDb = globalThis as unknown as { __uauthDb?: Promise<DatabaseHandle> };

/** The migrated database of this process, opened on first use. */
export function getDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (!globalForDb.__uauthDb) {
    const opening = openDatabase(options);
    globalForDb.__uauthDb = opening;
    // A failed open (server down at start-up) must not poison every later request.
    opening.catch(() => {
      if (globalForDb.__uauthDb === opening) globalForDb.__uauthDb = undefined;
    });
  }
  return globalForDb.__uauthDb;
}

/** Shorthand for the Drizzle instance, used by every lib/ function. */
export async function getDb(): Promise<Database> {
  return (await getDatabase()).db;
}

/** The rows of `db.execute(sql…)`: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf(result: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(result)) return result as Array<Record<string, unknown>>;
  return (result as { rows?: Array<Record<string, unknown>> }).rows ?? [];
}

/**
 * The columns of a left-joined table in a plain-SQL row: each may be null. Row types of
 * such statements are built from the schema's types (Pick, Nullable), never written by hand.
 */
export type Nullable<T> = { [K in keyof T]: T[K] | null };

/** Runs one statement of the hot paths and returns its rows. */
export type QueryRows = <T>(text: string, params: unknown[]) => Promise<T[]>;

/**
 * A hot-path statement in plain SQL: on PostgreSQL a named prepared statement (parsed and
 * planned once per pooled connection, then only bound and executed), on PGlite an
 * ordinary parameterized query. Rows keep the column names of the SQL; timestamps are Dates.
 */
export const queryRows: QueryRows = async <T>(text: string, params: unknown[]): Promise<T[]> => {
  const handle = await getDatabase();
  return runOn(handle)<T>(text, params);
};

/** The same inside one transaction (BEGIN … COMMIT, rolled back when fn throws). */
export async function transaction<T>(fn: (query: QueryRows) => Promise<T>): Promise<T> {
  const handle = await getDatabase();
  if (handle.kind === 'postgres') return (await handle.client.begin((tx) => fn(postgresQuery(tx)))) as T;
  return handle.client.transaction((tx) =>
    fn(async <R>(text: string, params: unknown[]) => (await tx.query<R>(text, params)).rows),
  );
}

function runOn(handle: DatabaseHandle): QueryRows {
  if (handle.kind === 'postgres') return postgresQuery(handle.client);
  return async <T>(text: string, params: unknown[]) => (await handle.client.query<T>(text, params)).rows;
}

const TIMESTAMPTZ = 1184;

/**
 * Drizzle hands postgres.js timestamps through as text (it parses them itself), so this
 * side does the same: Date parameters go out as ISO strings, timestamptz columns come
 * back as Dates — as PGlite returns them.
 */
function postgresQuery(client: Sql | TransactionSql): QueryRows {
  return async <T>(text: string, params: unknown[]) => {
    const values = params.map((p) => (p instanceof Date ? p.toISOString() : p));
    const result = await client.unsafe(text, values as never[], { prepare: true });
    const dates = result.columns.filter((c) => c.type === TIMESTAMPTZ).map((c) => c.name);
    if (dates.length > 0)
      for (const row of result as unknown as Record<string, unknown>[])
        for (const name of dates) if (typeof row[name] === 'string') row[name] = new Date(row[name] as string);
    return result as unknown as T[];
  };
}

/** Closes this process's database (CLI and tests). */
export async function closeDatabase(): Promise<void> {
  const handle = globalForDb.__uauthDb;
  globalForDb.__uauthDb = undefined;
  if (handle) await (await handle).close();
}

async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(env.DATABASE_URL, {
      max: env.DATABASE_POOL_MAX,
      connect_timeout: env.DATABASE_CONNECT_TIMEOUT_SECONDS,
      idle_timeout: 60,
      // Reconnect at once when the server comes back: the default back-off grows to 20 s,
      // which would make every request of an outage (and the first after it) slower.
      backoff: () => 0.1,
      connection: { statement_timeout: env.DATABASE_STATEMENT_TIMEOUT_MS, application_name: 'uauth' },
      onnotice: () => {},
    });
    const handle: DatabaseHandle = {
      kind: 'postgres',
      db: drizzle(client, { schema }) as unknown as Database,
      client,
      url: env.DATABASE_URL,
      close: () => client.end({ timeout: 5 }),
    };
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await client.end({ timeout: 1 }).catch(() => {});
      throw error;
    }
    return handle;
  }

  const pglite = await openEmbeddedDatabase(env.DATA_DIR, { serveControl: options.serveControl ?? false });
  const { drizzle } = await import('drizzle-orm/pglite');
  const handle: DatabaseHandle = {
    kind: 'embedded',
    db: drizzle(pglite, { schema }) as unknown as Database,
    client: pglite,
    close: () => pglite.close(),
  };
  await migrateDatabase(handle);
  return handle;
}

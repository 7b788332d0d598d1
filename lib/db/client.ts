// The database handle. DATABASE_URL set → PostgreSQL through postgres.js;
// unset → the embedded PGlite in DATA_DIR (lib/db/embedded.ts). Both speak Drizzle,
// so the rest of lib/ never knows which one it has. Cached on globalThis: Next.js
// bundles route handlers separately, and dev reloads modules, but there must be one
// pool (and one PGlite) per process.
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
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

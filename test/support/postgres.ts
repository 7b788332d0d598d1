// Fresh PostgreSQL databases for tests, created on the server at TEST_PG_URL
// (default: the local server with trust auth) and dropped afterwards.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const adminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type TestDatabase = { url: string; name: string; drop: () => Promise<void> };

export async function createTestDatabase(prefix = 'uauth_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    name,
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** A direct connection, for tests that look at or change rows (expiry, dumps). */
export function connect(url: string) {
  return postgres(url, { max: 2, onnotice: () => {} });
}

export type Sql = ReturnType<typeof connect>;

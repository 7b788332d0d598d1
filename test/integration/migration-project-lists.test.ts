// The migration from one origin and one redirect URL per project to lists of them, on a real
// PostgreSQL database holding projects of the old model: each project's values become the
// first (and only) entry of its lists, the single columns are gone, and the lists keep 1–20
// entries.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { root } from '../support/app-server';
import { connect, createTestDatabase, type TestDatabase } from '../support/postgres';

const journal = JSON.parse(readFileSync(path.join(root, 'drizzle/meta/_journal.json'), 'utf8')) as {
  entries: { idx: number; tag: string }[];
};
const FIRST = '0009_project_origin_lists';
const SECOND = '0010_project_origin_lists_only';

let database: TestDatabase;
let sql: ReturnType<typeof connect>;

async function apply(tag: string): Promise<void> {
  const text = readFileSync(path.join(root, 'drizzle', `${tag}.sql`), 'utf8');
  for (const statement of text.split('--> statement-breakpoint')) if (statement.trim()) await sql.unsafe(statement);
}

beforeAll(async () => {
  database = await createTestDatabase('uauth_migration');
  sql = connect(database.url);
});
afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

it("moves each project's origin and redirect URL into its lists and drops the single columns", async () => {
  const first = journal.entries.findIndex((e) => e.tag === FIRST);
  expect(first).toBeGreaterThan(0);
  expect(journal.entries[first + 1]?.tag).toBe(SECOND);
  for (const entry of journal.entries.slice(0, first)) await apply(entry.tag);

  const [org] = await sql`insert into organizations (name) values ('Old Org') returning id`;
  await sql`insert into projects (organization_id, name, allowed_origin, redirect_url, client_token, user_hash_key) values
    (${org?.id}, 'One', 'https://one.example.com', 'https://one.example.com/cb', 'ck_one', 'k1'),
    (${org?.id}, 'Two', 'http://localhost:5173', 'http://localhost:5173/auth/callback?x=1', 'ck_two', 'k2')`;

  await apply(FIRST);
  await apply(SECOND);

  const rows = await sql`select name, allowed_origins, redirect_urls from projects order by name`;
  expect(rows).toEqual([
    { name: 'One', allowed_origins: ['https://one.example.com'], redirect_urls: ['https://one.example.com/cb'] },
    {
      name: 'Two',
      allowed_origins: ['http://localhost:5173'],
      redirect_urls: ['http://localhost:5173/auth/callback?x=1'],
    },
  ]);
  const columns = (await sql`select column_name from information_schema.columns where table_name = 'projects'`).map(
    (c) => c.column_name,
  );
  expect(columns).not.toContain('allowed_origin');
  expect(columns).not.toContain('redirect_url');

  // the lists keep 1–20 entries
  await expect(sql`update projects set allowed_origins = '{}' where name = 'One'`).rejects.toThrow(
    /projects_list_sizes/,
  );
  const many = Array.from({ length: 21 }, (_, i) => `https://o${i}.example.com`);
  await expect(sql`update projects set redirect_urls = ${many} where name = 'One'`).rejects.toThrow(
    /projects_list_sizes/,
  );
  await expect(sql`update projects set allowed_origins = null where name = 'One'`).rejects.toThrow(/null/);
});

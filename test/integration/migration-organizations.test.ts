// The migration from "an account belongs to one organization" to memberships and
// invitations, run on a real PostgreSQL database holding data of the old model: every
// account keeps its organization and role as a membership; an invited member who never
// signed in becomes a pending invitation (from whoever invited them) and loses the account
// row; existing secret keys learn who created them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { root } from '../support/app-server';
import { connect, createTestDatabase, type TestDatabase } from '../support/postgres';

const journal = JSON.parse(readFileSync(path.join(root, 'drizzle/meta/_journal.json'), 'utf8')) as {
  entries: { idx: number; tag: string }[];
};
const TARGET = '0005_organizations_memberships_invitations';

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

it('turns accounts into memberships, never-signed-in invitees into invitations, and names the creators of keys', async () => {
  const target = journal.entries.findIndex((e) => e.tag === TARGET);
  expect(target).toBeGreaterThan(0);
  for (const entry of journal.entries.slice(0, target)) await apply(entry.tag);

  // the old model: accounts.organization_id and accounts.role
  const [one] = await sql`insert into organizations (name) values ('Org One') returning id`;
  const [two] = await sql`insert into organizations (name) values ('Org Two') returning id`;
  const [owner] = await sql`insert into accounts (organization_id, email, role, last_sign_in_at, created_at)
    values (${one!.id}, 'owner@one.test', 'owner', now(), now() - interval '3 days') returning id`;
  const [member] = await sql`insert into accounts (organization_id, email, role, last_sign_in_at)
    values (${one!.id}, 'member@one.test', 'member', now()) returning id`;
  const [invited] = await sql`insert into accounts (organization_id, email, role, created_at)
    values (${one!.id}, 'invited@one.test', 'member', now() - interval '1 day') returning id`;
  // made by the CLI in one transaction with its key: never signed in, but an owner
  const [cliOwner] = await sql`insert into accounts (organization_id, email, role, created_at)
    values (${two!.id}, 'cli@two.test', 'owner', '2026-01-01T00:00:00Z') returning id`;
  const [defaultKey] = await sql`insert into secret_keys (organization_id, name, key_hash, last_four, created_at)
    values (${two!.id}, 'Default key', 'hash-two', 'abcd', '2026-01-01T00:00:00Z') returning id`;
  const [dashboardKey] = await sql`insert into secret_keys (organization_id, name, key_hash, last_four)
    values (${one!.id}, 'CI', 'hash-one', 'wxyz') returning id`;
  await sql`insert into audit_events (organization_id, account_id, actor_email, action, target_type, target_id) values
    (${one!.id}, ${owner!.id}, 'owner@one.test', 'member.invited', 'account', ${invited!.id}),
    (${one!.id}, ${member!.id}, 'member@one.test', 'secret_key.created', 'secret_key', ${dashboardKey!.id})`;

  await apply(TARGET);

  const memberships =
    await sql`select a.email, m.organization_id, m.role from memberships m join accounts a on a.id = m.account_id order by a.email`;
  expect(memberships).toEqual([
    { email: 'cli@two.test', organization_id: two!.id, role: 'owner' },
    { email: 'member@one.test', organization_id: one!.id, role: 'member' },
    { email: 'owner@one.test', organization_id: one!.id, role: 'owner' },
  ]);
  expect((await sql`select email from accounts order by email`).map((r) => r.email)).toEqual([
    'cli@two.test',
    'member@one.test',
    'owner@one.test',
  ]);
  const columns = await sql`select column_name from information_schema.columns where table_name = 'accounts'`;
  expect(columns.map((c) => c.column_name)).not.toContain('organization_id');
  expect(columns.map((c) => c.column_name)).not.toContain('role');

  const invitations = await sql`select organization_id, email, role, invited_by_account_id, invited_by_email,
    accepted_at, declined_at, revoked_at, expires_at > now() + interval '6 days 23 hours' as week from invitations`;
  expect(invitations).toEqual([
    {
      organization_id: one!.id,
      email: 'invited@one.test',
      role: 'member',
      invited_by_account_id: owner!.id,
      invited_by_email: 'owner@one.test',
      accepted_at: null,
      declined_at: null,
      revoked_at: null,
      week: true,
    },
  ]);

  const keys = await sql`select id, created_by_account_id from secret_keys order by name`;
  expect(keys).toEqual([
    { id: dashboardKey!.id, created_by_account_id: member!.id },
    { id: defaultKey!.id, created_by_account_id: cliOwner!.id },
  ]);
});

// Seeding for the benchmark, through the app's own functions: the organization and
// project are made by lib/organizations and lib/projects (the project with the
// organization's first key as its audited actor); users, sessions and pending
// challenges are COPYed in bulk, but every code, hash and userHash comes from
// lib/tokens.ts (newSessionCode, hashToken, computeUserHash, normalizeEmail), so the
// rows are exactly what the app itself would write. Runs under tsx (imports lib/*.ts).
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { authenticateSecretKey } from '../lib/auth/secret-keys';
import { getDatabase } from '../lib/db/client';
import { createOrganization } from '../lib/organizations/create-organization';
import { createProject } from '../lib/projects/projects';
import { computeUserHash, hashToken, newChallengeCode, newSessionCode, normalizeEmail } from '../lib/tokens';

/** The app's postgres.js client on the bench database (DATABASE_URL set by run.mjs). */
export async function appSql() {
  const handle = await getDatabase(); // also runs the app's migrations
  if (handle.kind !== 'postgres') throw new Error('the bench needs DATABASE_URL');
  return handle.client;
}

/** An organization made like the CLI's `org create`, and its first key as the actor of what is made next. */
async function seedOrganization(name, ownerEmail) {
  const { organizationId, secretToken } = await createOrganization({ name, ownerEmail });
  const { actor } = await authenticateSecretKey(secretToken);
  return { organizationId, actor };
}

export async function seedProject() {
  const { organizationId, actor } = await seedOrganization('Bench', 'owner@bench.test');
  const project = await createProject(
    organizationId,
    {
      name: 'Bench app',
      allowedOrigins: ['http://localhost:5173'],
      redirectUrls: ['http://localhost:5173/auth/callback'],
      sessionValidSeconds: 30 * 86_400,
      emailSubject: null,
      emailTemplate: null,
      logoUrl: null,
    },
    actor,
  );
  return project;
}

/**
 * Other tenants: `count` more projects in a second organization, so that the projects
 * table is not a single row (which PostgreSQL would rather scan than index).
 */
export async function seedOtherProjects(count) {
  const { organizationId, actor } = await seedOrganization('Others', 'others@bench.test');
  for (let i = 0; i < count; i++)
    await createProject(
      organizationId,
      {
        name: `Other ${i}`,
        allowedOrigins: [`https://app${i}.example.com`],
        redirectUrls: [`https://app${i}.example.com/auth/callback`],
        sessionValidSeconds: 3600,
        emailSubject: null,
        emailTemplate: null,
        logoUrl: null,
      },
      actor,
    );
}

async function copyRows(sql, statement, rows) {
  const writable = await sql.unsafe(statement).writable();
  await pipeline(Readable.from(rows), writable);
}

function* chunked(count, line, size = 2000) {
  let buffer = '';
  for (let i = 0; i < count; i++) {
    buffer += line(i);
    if ((i + 1) % size === 0) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/**
 * Users `from..to-1`, each with one active session. Returns the session codes of a
 * sample (every `step`-th, at most `keep` of them) for the load generator.
 */
export async function seedSessions(sql, project, from, to, keep = 50_000) {
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const step = Math.max(1, Math.ceil((to - from) / keep));
  const codes = [];
  const userIds = [];
  await copyRows(
    sql,
    'copy users (id, project_id, email, user_hash, last_sign_in_at, created_at, updated_at) from stdin',
    chunked(to - from, (k) => {
      const id = randomUUID();
      userIds.push(id);
      const email = normalizeEmail(`user-${from + k}@bench.test`);
      return `${id}\t${project.id}\t${email}\t${computeUserHash(project.userHashKey, email)}\t${now}\t${now}\t${now}\n`;
    }),
  );
  await copyRows(
    sql,
    'copy sessions (id, project_id, user_id, code_hash, expires_at, created_at, updated_at) from stdin',
    chunked(to - from, (k) => {
      const code = newSessionCode();
      if (k % step === 0) codes.push(code);
      return `${randomUUID()}\t${project.id}\t${userIds[k]}\t${hashToken(code)}\t${expires}\t${now}\t${now}\n`;
    }),
  );
  return codes;
}

/**
 * Growth seeding at SQL speed: sessions `from..to-1` made by one INSERT … SELECT over
 * generate_series, shared round-robin by the project's existing users. Each code is 32
 * bytes as base64url (the shape of newSessionCode: sha256 of a per-run seed and the index),
 * each stored hash is SHA-256 hex of the code's UTF-8 — lib/tokens.ts hashToken, which
 * is checked against the database for a sample before anything is measured.
 * Returns the codes of a sample of at most `keep` sessions, spread over the range.
 */
export async function seedSessionsBySql(sql, project, from, to, keep = 50_000) {
  const runSeed = `${newSessionCode()}:`;
  const codeOf = (i) =>
    createHash('sha256')
      .update(runSeed + i, 'utf8')
      .digest('base64url');
  const codeSql = `translate(rtrim(encode(sha256(convert_to($2 || i::text, 'UTF8')), 'base64'), '='), '+/', '-_')`;
  await sql.unsafe(
    `with u as (select array_agg(id order by id) as ids from users where project_id = $1)
     insert into sessions (project_id, user_id, code_hash, expires_at, created_at, updated_at)
     select $1, u.ids[1 + i % array_length(u.ids, 1)], encode(sha256(convert_to(${codeSql}, 'UTF8')), 'hex'),
       now() + interval '30 days', now(), now()
     from u, generate_series($3::int, $4::int - 1) as i`,
    [project.id, runSeed, from, to],
  );
  const step = Math.max(1, Math.ceil((to - from) / keep));
  const codes = [];
  for (let i = from; i < to; i += step) codes.push(codeOf(i));
  const probe = codes.slice(0, 5);
  const found = await sql.unsafe('select count(*)::int as n from sessions where code_hash = any($1::text[])', [
    probe.map((c) => hashToken(c)),
  ]);
  if (found[0].n !== probe.length) throw new Error('SQL-generated session hashes do not match lib/tokens hashToken');
  return codes;
}

/** `count` pending challenges for distinct new addresses; returns their codes. */
export async function seedChallenges(sql, project, label, count) {
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 3_600_000).toISOString();
  const codes = [];
  await copyRows(
    sql,
    'copy challenges (id, project_id, email, code_hash, redirect_url, expires_at, user_hash, created_at, updated_at) from stdin',
    chunked(count, (i) => {
      const code = newChallengeCode();
      codes.push(code);
      const email = normalizeEmail(`verify-${label}-${i}@bench.test`);
      const userHash = computeUserHash(project.userHashKey, email);
      return `${randomUUID()}\t${project.id}\t${email}\t${hashToken(code)}\t${project.redirectUrls[0]}\t${expires}\t${userHash}\t${now}\t${now}\n`;
    }),
  );
  return codes;
}

// GET/DELETE /api/session, GET /api/user, and "no secret at rest", against the real
// app (next start + a fresh PostgreSQL database): session codes in the query, the body or
// Authorization: Bearer; active, expired and revoked sessions; isolation between projects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, clientCredentials, qs, randomEmail, sendMagicLink, setupProject, signInUser } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { connect } from '../support/postgres';
import { expectProblem } from '../support/problem';

type Project = { id: string; clientToken: string; name: string };

let app: AppServer;
let sql: ReturnType<typeof connect>;
let secretToken: string;
let project: Project;
let other: Project; // a project of another organization

beforeAll(async () => {
  // These tests send to one address several times in a row; the default limits
  // (1 per 30 s per address) are proven in test/security/rate-limits.test.ts.
  app = await startApp({ env: { RATE_LIMIT_SEND_PER_ADDRESS: '100/1m' } });
  sql = connect(app.databaseUrl!);
  const a = await setupProject(app);
  secretToken = a.secretToken;
  project = a.project;
  other = (await setupProject(app, { name: 'Other Org App' })).project;
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

// ---------------------------------------------------------------- helpers

const creds = clientCredentials;
/** A full sign-in: send, read the mailbox, verify. */
const signIn = (p: Project, email = randomEmail('session')) => signInUser(app.url, p, email);
const getSession = (p: Project, sessionCode: string) =>
  api(app.url, 'GET', `/api/session${qs({ ...creds(p), sessionCode })}`);
const getUser = (p: Project, sessionCode: string) =>
  api(app.url, 'GET', `/api/user${qs({ ...creds(p), sessionCode })}`);

async function expireSession(email: string) {
  const updated = await sql`update sessions set expires_at = now() - interval '1 second'
    where user_id in (select id from users where project_id = ${project.id} and email = ${email})`;
  expect(updated.count).toBe(1);
}

// ---------------------------------------------------------------- GET /api/session

describe('GET /api/session', () => {
  it('answers 200 with the active SessionDto (sessionCode in the query)', async () => {
    const { session, sessionCode } = await signIn(project);
    const res = await getSession(project, sessionCode);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.data).toEqual({
      code: sessionCode,
      status: 'active',
      createdAt: session.createdAt,
      updatedAt: expect.any(String),
      expiresAt: session.expiresAt,
    });
    expect(Date.parse(res.data.expiresAt) - Date.parse(res.data.createdAt)).toBe(3600 * 1000);
  });

  it('accepts the session code as Authorization: Bearer', async () => {
    const { sessionCode } = await signIn(project);
    const res = await api(app.url, 'GET', `/api/session${qs(creds(project))}`, {
      headers: { authorization: `Bearer ${sessionCode}` },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.data.code).toBe(sessionCode);
    expect(res.data.status).toBe('active');

    const user = await api(app.url, 'GET', `/api/user${qs(creds(project))}`, {
      headers: { authorization: `Bearer ${sessionCode}` },
    });
    expect(user.status, user.text).toBe(200);
  });

  it('accepts the client token as x-client-token', async () => {
    const { sessionCode } = await signIn(project);
    const res = await api(app.url, 'GET', `/api/session${qs({ projectId: project.id, sessionCode })}`, {
      headers: { 'x-client-token': project.clientToken },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.data.status).toBe('active');
  });

  it('answers 404 for an unknown session code', async () => {
    const res = await getSession(project, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expectProblem(res, 404);
  });

  it('answers 400 without a sessionCode', async () => {
    const res = await api(app.url, 'GET', `/api/session${qs(creds(project))}`);
    expectProblem(res, 400);
    expect(res.data.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'sessionCode' })]));
  });

  it('answers 401 without a client token', async () => {
    const { sessionCode } = await signIn(project);
    const res = await api(app.url, 'GET', `/api/session${qs({ projectId: project.id, sessionCode })}`);
    expectProblem(res, 401);
  });

  it("answers 200 status 'expired' for an expired session, and /api/user then 403", async () => {
    const { email, sessionCode } = await signIn(project);
    await expireSession(email);
    const res = await getSession(project, sessionCode);
    expect(res.status, res.text).toBe(200);
    expect(res.data.code).toBe(sessionCode);
    expect(res.data.status).toBe('expired');
    expect(Date.parse(res.data.expiresAt)).toBeLessThanOrEqual(Date.now());

    expectProblem(await getUser(project, sessionCode), 403);
  });
});

// ---------------------------------------------------------------- DELETE /api/session

describe('DELETE /api/session', () => {
  it("revokes: 204, then GET /api/session 200 'revoked' and GET /api/user 403", async () => {
    const { sessionCode } = await signIn(project);
    expect((await getUser(project, sessionCode)).status).toBe(200);

    const del = await api(app.url, 'DELETE', `/api/session${qs({ ...creds(project), sessionCode })}`);
    expect(del.status, del.text).toBe(204);
    expect(del.text).toBe('');

    const res = await getSession(project, sessionCode);
    expect(res.status, res.text).toBe(200);
    expect(res.data.code).toBe(sessionCode);
    expect(res.data.status).toBe('revoked');

    expectProblem(await getUser(project, sessionCode), 403);
  });

  it('accepts every parameter in a JSON body', async () => {
    const { sessionCode } = await signIn(project);
    const del = await api(app.url, 'DELETE', '/api/session', { body: { ...creds(project), sessionCode } });
    expect(del.status, del.text).toBe(204);
    expect((await getSession(project, sessionCode)).data.status).toBe('revoked');
  });

  it('accepts the session code as Authorization: Bearer', async () => {
    const { sessionCode } = await signIn(project);
    const del = await api(app.url, 'DELETE', `/api/session${qs(creds(project))}`, {
      headers: { authorization: `Bearer ${sessionCode}` },
    });
    expect(del.status, del.text).toBe(204);
    expect((await getSession(project, sessionCode)).data.status).toBe('revoked');
  });

  it('answers 404 for an unknown session code', async () => {
    const del = await api(
      app.url,
      'DELETE',
      `/api/session${qs({ ...creds(project), sessionCode: 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' })}`,
    );
    expectProblem(del, 404);
  });

  it('revokes only the session it is given', async () => {
    const email = randomEmail('two-sessions');
    const first = await signIn(project, email);
    const second = await signIn(project, email);
    expect(
      (await api(app.url, 'DELETE', `/api/session${qs({ ...creds(project), sessionCode: first.sessionCode })}`)).status,
    ).toBe(204);
    expect((await getSession(project, first.sessionCode)).data.status).toBe('revoked');
    expect((await getSession(project, second.sessionCode)).data.status).toBe('active');
    expect((await getUser(project, second.sessionCode)).status).toBe(200);
  });
});

// ---------------------------------------------------------------- GET /api/user

describe('GET /api/user', () => {
  it('answers 200 UserDto for an active session', async () => {
    const { email, sessionCode, user } = await signIn(project);
    const res = await getUser(project, sessionCode);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.data).toEqual({
      emailAddress: email,
      userHash: user.userHash,
      createdAt: user.createdAt,
      updatedAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(res.data.updatedAt))).toBe(false);
  });

  it('answers 404 for an unknown session code and 400 without one', async () => {
    expectProblem(await getUser(project, 'CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC'), 404);
    expectProblem(await api(app.url, 'GET', `/api/user${qs(creds(project))}`), 400);
  });
});

// ---------------------------------------------------------------- tenant isolation

describe('a session code of another project', () => {
  it("answers 404 on /api/session, /api/user and DELETE with project B's credentials", async () => {
    const { sessionCode } = await signIn(project);
    expectProblem(await getSession(other, sessionCode), 404);
    expectProblem(await getUser(other, sessionCode), 404);
    expectProblem(await api(app.url, 'DELETE', `/api/session${qs({ ...creds(other), sessionCode })}`), 404);
    // the session is untouched in its own project
    const mine = await getSession(project, sessionCode);
    expect(mine.status).toBe(200);
    expect(mine.data.status).toBe('active');
  });

  it("answers 403 with project B's client token and project A's id", async () => {
    const { sessionCode } = await signIn(project);
    const res = await api(
      app.url,
      'GET',
      `/api/session${qs({ projectId: project.id, clientToken: other.clientToken, sessionCode })}`,
    );
    expectProblem(res, 403);
  });
});

// ---------------------------------------------------------------- at rest

describe('no secret at rest', () => {
  it('stores no challenge code, session code or secret key in plain text anywhere in the database', async () => {
    const { challengeCode, sessionCode, email } = await signIn(project);
    // a revoked session and a pending challenge too
    const revoked = await signIn(project);
    expect(
      (await api(app.url, 'DELETE', `/api/session${qs({ ...creds(project), sessionCode: revoked.sessionCode })}`))
        .status,
    ).toBe(204);
    const { code: pendingCode } = await sendMagicLink(app.url, project, randomEmail('pending'));

    const secrets = { challengeCode, sessionCode, secretToken, revokedSession: revoked.sessionCode, pendingCode };
    // the secret key without its prefix, too
    const needles = [...Object.values(secrets), secretToken.replace(/^sk_/, '')];

    const dump = async (table: string): Promise<string> => {
      const rows = await sql.unsafe(`select row_to_json(t)::text as row from "${table}" t`);
      return rows.map((r) => r.row as string).join('\n');
    };

    // the tables that hold codes and keys, which must have rows
    for (const table of ['challenges', 'sessions', 'secret_keys', 'email_messages']) {
      const text = await dump(table);
      expect(text.length, `${table} has rows`).toBeGreaterThan(0);
      for (const needle of needles) expect(text, `${table} must not hold a secret in plain text`).not.toContain(needle);
    }

    // and every other table of the app
    const tables = await sql`select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'`;
    expect(tables.length).toBeGreaterThan(4);
    for (const { table_name } of tables) {
      const text = await dump(table_name as string);
      for (const needle of needles)
        expect(text, `${table_name} must not hold a secret in plain text`).not.toContain(needle);
    }

    // the rows are there (so the check above looked at the right data)
    const [challengeRows] = await sql`select count(*)::int as n from challenges where email = ${email}`;
    expect(challengeRows!.n).toBe(1);
    const [emailRows] = await sql`select count(*)::int as n from email_messages where to_address = ${email}`;
    expect(emailRows!.n).toBe(1);
  });
});

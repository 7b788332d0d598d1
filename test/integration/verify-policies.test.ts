// POST /api/challenge/verify enforces the sign-in policies where the session is made:
// allowSignUp=false and hosted `sign_in` codes (existing_user_only) admit existing users
// only; a code from the hosted page needs a live, unexpired, uncompleted hosted-login
// session whose workflow still redirects to one of the project's origins. Refusals create
// nothing and leave the code unused. Against the built app and a fresh PostgreSQL database.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  api,
  createProject as createProjectWith,
  randomEmail,
  setupProject,
  type TestProject,
  verifyChallenge,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createWorkflow, startHostedLogin } from '../support/hosted';
import { connect } from '../support/postgres';
import { expectProblem } from '../support/problem';

let app: AppServer;
let sql: ReturnType<typeof connect>;
let secretToken: string;
let project: TestProject; // allowSignUp true (default)

beforeAll(async () => {
  app = await startApp();
  sql = connect(app.databaseUrl!);
  ({ secretToken, project } = await setupProject(app));
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

const key = () => ({ 'x-upid-organization-key': secretToken });
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** A challenge row as send stores it (inserted directly: these tests are about verify). */
async function insertChallenge(
  projectId: string,
  email: string,
  options: { existingUserOnly?: boolean; hostedLoginId?: string; redirectUrl?: string } = {},
): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  // send stores the address's userHash on the challenge (HMAC-SHA256 under the project's key)
  const [p] = await sql`select user_hash_key from projects where id = ${projectId}`;
  const userHash = createHmac('sha256', p!.user_hash_key).update(email, 'utf8').digest('hex');
  await sql`insert into challenges (project_id, email, code_hash, redirect_url, expires_at, existing_user_only, hosted_login_id, user_hash)
    values (${projectId}, ${email}, ${sha256(code)}, ${options.redirectUrl ?? 'http://localhost:4321/callback'},
      now() + interval '15 minutes', ${options.existingUserOnly ?? false}, ${options.hostedLoginId ?? null}, ${userHash})`;
  return code;
}

const createProject = (overrides: Record<string, unknown> = {}): Promise<TestProject> =>
  createProjectWith(app.url, secretToken, { name: 'Policy App', ...overrides });

async function signedInUser(p: TestProject, email: string) {
  const res = await verifyChallenge(app.url, p, await insertChallenge(p.id, email));
  expect(res.status, res.text).toBe(200);
  return res.data.user;
}

async function rowsFor(p: TestProject, email: string) {
  const [users] = await sql`select count(*)::int as n from users where project_id = ${p.id} and email = ${email}`;
  const [sessions] = await sql`select count(*)::int as n from sessions s join users u on u.id = s.user_id
    where u.project_id = ${p.id} and u.email = ${email}`;
  return { users: users!.n as number, sessions: sessions!.n as number };
}

async function usedAt(code: string): Promise<Date | null> {
  const [row] = await sql`select used_at from challenges where code_hash = ${sha256(code)}`;
  return row!.used_at;
}

/** A refused verify: that problem, and no session in it. */
function expectRefusal(res: ApiResponse, status: number, code: string) {
  expectProblem(res, status, code);
  expect(res.text).not.toContain('"session"');
}

describe('allowSignUp = false', () => {
  it('a stranger gets 403 sign_up_disabled: no user, no session, the code stays unused', async () => {
    const closed = await createProject({ allowSignUp: false });
    const stranger = randomEmail('stranger');
    const code = await insertChallenge(closed.id, stranger);
    expectRefusal(await verifyChallenge(app.url, closed, code), 403, 'sign_up_disabled');
    expect(await rowsFor(closed, stranger)).toEqual({ users: 0, sessions: 0 });
    expect(await usedAt(code)).toBeNull();
    // still refused on a second try (not "used")
    expectRefusal(await verifyChallenge(app.url, closed, code), 403, 'sign_up_disabled');
  });

  it('an existing user signs in as before (same user, a new session)', async () => {
    const p = await createProject();
    const email = randomEmail('member');
    const user = await signedInUser(p, email);
    const put = await api(app.url, 'PUT', `/api/projects/${p.id}`, {
      headers: key(),
      body: { name: p.name, allowedOrigin: p.allowedOrigin, redirectUrl: p.redirectUrl, allowSignUp: false },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.data.allowSignUp).toBe(false);
    const again = await verifyChallenge(app.url, p, await insertChallenge(p.id, email));
    expect(again.status, again.text).toBe(200);
    expect(again.data.user).toMatchObject({ emailAddress: email, userHash: user.userHash, createdAt: user.createdAt });
    expect(await rowsFor(p, email)).toEqual({ users: 1, sessions: 2 });
    // and a stranger of the same project is still refused
    expectRefusal(
      await verifyChallenge(app.url, p, await insertChallenge(p.id, randomEmail('new'))),
      403,
      'sign_up_disabled',
    );
  });
});

describe('codes sent under the hosted sign_in policy (existing_user_only)', () => {
  it('verify only for an existing user of the project, even where sign-up is allowed', async () => {
    const stranger = randomEmail('hosted-stranger');
    const code = await insertChallenge(project.id, stranger, { existingUserOnly: true });
    expectRefusal(await verifyChallenge(app.url, project, code), 403, 'sign_up_disabled');
    expect(await rowsFor(project, stranger)).toEqual({ users: 0, sessions: 0 });
    expect(await usedAt(code)).toBeNull();

    const member = randomEmail('hosted-member');
    await signedInUser(project, member);
    const ok = await verifyChallenge(
      app.url,
      project,
      await insertChallenge(project.id, member, { existingUserOnly: true }),
    );
    expect(ok.status, ok.text).toBe(200);
    expect(ok.data.user.emailAddress).toBe(member);
  });
});

describe('codes sent from the hosted login page', () => {
  async function hostedSession(p: TestProject = project, clientRedirectUrl = `${p.allowedOrigin}/done`) {
    const { workflowKey } = await createWorkflow(app.url, secretToken, p, { clientRedirectUrl });
    const { sessionId } = await startHostedLogin(app.url, secretToken, workflowKey);
    const code = await insertChallenge(p.id, randomEmail('hosted'), {
      hostedLoginId: sessionId,
      redirectUrl: `${clientRedirectUrl}?sessionId=${sessionId}`,
    });
    return { workflowKey, sessionId, code };
  }

  it('an expired hosted-login session: 410 hosted_login_expired, the code stays unused', async () => {
    const { sessionId, code } = await hostedSession();
    await sql`update hosted_logins set expires_at = now() - interval '1 second' where id = ${sessionId}`;
    expectRefusal(await verifyChallenge(app.url, project, code), 410, 'hosted_login_expired');
    expect(await usedAt(code)).toBeNull();
  });

  it('a deleted workflow: 409 workflow_invalid', async () => {
    const { workflowKey, code } = await hostedSession();
    const deleted = await api(app.url, 'DELETE', `/api/projects/${project.id}/workflows/${workflowKey}`, {
      headers: key(),
    });
    expect(deleted.status, deleted.text).toBe(204);
    expectRefusal(await verifyChallenge(app.url, project, code), 409, 'workflow_invalid');
    expect(await usedAt(code)).toBeNull();
  });

  it("a workflow whose redirect is no longer on the project's origins (they changed): 424", async () => {
    const p = await createProject({ name: 'Moving App' });
    const { code, sessionId } = await hostedSession(p);
    const moved = await api(app.url, 'PUT', `/api/projects/${p.id}`, {
      headers: key(),
      body: { name: p.name, allowedOrigin: 'https://new.example.com', redirectUrl: 'https://new.example.com/callback' },
    });
    expect(moved.status, moved.text).toBe(200);
    const refused = await verifyChallenge(app.url, p, code);
    expectRefusal(refused, 424, 'workflow_dependency_failed');
    expect(refused.data.detail).toMatch(/allowedOrigin/);
    expect(await usedAt(code)).toBeNull();
    const [ws] = await sql`select completed_at from hosted_logins where id = ${sessionId}`;
    expect(ws!.completed_at).toBeNull();

    // back on the old origin: the same code verifies
    const back = await api(app.url, 'PUT', `/api/projects/${p.id}`, {
      headers: key(),
      body: { name: p.name, allowedOrigin: 'https://new.example.com', redirectUrl: 'http://localhost:4321/callback' },
    });
    expect(back.status, back.text).toBe(200);
    expect((await verifyChallenge(app.url, p, code)).status).toBe(200);
  });

  it('a completed hosted-login session: 409 challenge_used for any other code of it', async () => {
    const { sessionId, code } = await hostedSession();
    const other = await insertChallenge(project.id, randomEmail('second-link'), { hostedLoginId: sessionId });
    expect((await verifyChallenge(app.url, project, code)).status).toBe(200);
    const [ws] = await sql`select completed_at from hosted_logins where id = ${sessionId}`;
    expect(ws!.completed_at).not.toBeNull();
    expectRefusal(await verifyChallenge(app.url, project, other), 409, 'challenge_used');
  });

  it('two codes of one hosted-login session verified at once: one signs in, the other 409 and creates nothing', async () => {
    const { sessionId } = await hostedSession();
    const emails = Array.from({ length: 6 }, (_, i) => randomEmail(`race${i}`));
    const codes = await Promise.all(
      emails.map((email) => insertChallenge(project.id, email, { hostedLoginId: sessionId })),
    );
    const results = await Promise.all(codes.map((code) => verifyChallenge(app.url, project, code)));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 200)) expectRefusal(r, 409, 'challenge_used');
    const winner = ok[0]!.data.user.emailAddress;
    for (const email of emails) {
      expect(await rowsFor(project, email)).toEqual(
        email === winner ? { users: 1, sessions: 1 } : { users: 0, sessions: 0 },
      );
    }
  });
});

describe('the one statement', () => {
  it("computes userHash as HMAC-SHA256 of the address under the project's key (as lib/tokens.ts does)", async () => {
    const email = randomEmail('hash');
    const user = await signedInUser(project, email);
    const [row] = await sql`select user_hash_key from projects where id = ${project.id}`;
    expect(user.userHash).toBe(createHmac('sha256', row!.user_hash_key).update(email, 'utf8').digest('hex'));
  });

  it('a browser call from the allowed origin verifies and gets its CORS header; a foreign origin consumes nothing', async () => {
    const code = await insertChallenge(project.id, randomEmail('cors'));
    const foreign = await verifyChallenge(app.url, project, code, { origin: 'https://evil.example' });
    expectRefusal(foreign, 403, 'origin_not_allowed');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(await usedAt(code)).toBeNull();
    const own = await verifyChallenge(app.url, project, code, { origin: project.allowedOrigin });
    expect(own.status, own.text).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(project.allowedOrigin);
  });
});

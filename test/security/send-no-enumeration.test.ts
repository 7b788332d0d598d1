// Sign-up policies enforced at send without telling users from strangers, with the outbox
// transport (where a real send is a quick insert, not a slow provider call): a project with
// allowSignUp=false and the hosted `sign_in` policy mail only existing users, answer everyone
// alike, and a stranger's answer takes about as long as a user's, timed from the start of
// the request. Challenges sent under `sign_in` are stored as existing-user-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, mailbox, randomEmail, sendChallenge, setupProject, signInUser, type TestProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { connect } from '../support/postgres';

/** Real sends before measuring: the process's sample of recent sends then holds no cold start. */
const WARM_UP = 40;
const PAIRS = 21;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

let app: AppServer;
let sql: ReturnType<typeof connect>;
beforeAll(async () => {
  app = await startApp({
    env: { RATE_LIMIT_SEND_PER_ADDRESS: 'off', RATE_LIMIT_SEND_PER_IP: 'off', RATE_LIMIT_SEND_PER_ORGANIZATION: 'off' },
  });
  sql = connect(app.databaseUrl!);
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

/** Makes `email` a user of the project: send, then verify the link. */
async function makeUser(project: TestProject, email: string) {
  await signInUser(app.url, project, email);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

/**
 * Medians of users' and strangers' answer times (interleaved), after warm-up sends that let
 * the process learn how long a real send takes. Similar: the stranger's within half and twice
 * the user's (a few ms of slack for the fastest; on a loaded machine a stranger, padded to at
 * least a recent send, runs up to ~1.5× slower). Without timing outbox sends, a stranger waited
 * the 150 ms initial estimate: 2.3× (heavily loaded machine) to 10× a user's time.
 */
function expectSimilar(userMs: number, strangerMs: number) {
  const detail = `stranger ${strangerMs.toFixed(1)} ms vs user ${userMs.toFixed(1)} ms`;
  expect(strangerMs, detail).toBeLessThan(userMs * 2 + 5);
  expect(strangerMs, detail).toBeGreaterThan(userMs * 0.5);
}

describe('a project with allowSignUp=false', () => {
  let project: TestProject;
  let secretToken: string;
  const user = randomEmail('member');
  beforeAll(async () => {
    ({ project, secretToken } = await setupProject(app));
    await makeUser(project, user);
    const updated = await api(app.url, 'PUT', `/api/projects/${project.id}`, {
      headers: { 'x-upid-organization-key': secretToken },
      body: {
        name: project.name,
        allowedOrigin: project.allowedOrigin,
        redirectUrl: project.redirectUrl,
        allowSignUp: false,
      },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.data.allowSignUp).toBe(false);
  });

  it('mails a known user but not a stranger, with the same status and body, through either credential', async () => {
    const before = (await mailbox(app.url, user)).length;
    const stranger = randomEmail('stranger');
    const a = await sendChallenge(app.url, project, user);
    const b = await sendChallenge(app.url, project, stranger);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    const shape = (d: any) => ({
      ...d,
      expiresAt: typeof d.expiresAt === 'string' && !Number.isNaN(Date.parse(d.expiresAt)),
    });
    expect(shape(b.data)).toEqual(shape(a.data));
    expect(shape(a.data)).toEqual({ status: 'sent', expiresAt: true });
    expect(a.headers.get('content-type')).toBe(b.headers.get('content-type'));
    expect((await mailbox(app.url, user)).length).toBe(before + 1);
    expect(await mailbox(app.url, stranger)).toHaveLength(0);
    expect(await sql`select 1 from challenges where email = ${stranger}`).toHaveLength(0);

    // a server with the secret key gets the same treatment
    const asServer = (email: string) =>
      api(app.url, 'POST', '/api/challenge/send', {
        headers: { 'x-upid-organization-key': secretToken },
        body: { projectId: project.id, emailAddress: email },
      });
    const other = randomEmail('server-stranger');
    const c = await asServer(other);
    const d = await asServer(user);
    expect([c.status, d.status]).toEqual([201, 201]);
    expect(shape(c.data)).toEqual(shape(d.data));
    expect(await mailbox(app.url, other)).toHaveLength(0);
    expect((await mailbox(app.url, user)).length).toBe(before + 2);
  });

  it('a stranger waits about as long as a user (outbox transport, medians)', async () => {
    for (let i = 0; i < WARM_UP; i++) expect((await sendChallenge(app.url, project, user)).status).toBe(201);
    const users: number[] = [];
    const strangers: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const u = await timed(() => sendChallenge(app.url, project, user));
      const s = await timed(() => sendChallenge(app.url, project, randomEmail('nobody')));
      expect([u.result.status, s.result.status]).toEqual([201, 201]);
      users.push(u.ms);
      strangers.push(s.ms);
    }
    expectSimilar(median(users), median(strangers));
  });
});

describe('the hosted sign_in policy (outbox transport)', () => {
  let project: TestProject;
  let secretToken: string;
  let submit: (email: string) => Promise<{ status: number; location: string; ms: number }>;
  const user = randomEmail('hosted-member');
  beforeAll(async () => {
    ({ project, secretToken } = await setupProject(app));
    await makeUser(project, user);
    const headers = { 'x-upid-organization-key': secretToken };
    const workflow = await api(app.url, 'POST', `/api/projects/${project.id}/workflows`, {
      headers,
      body: { policyId: 'sign_in', clientRedirectUrl: `${project.allowedOrigin}/done` },
    });
    expect(workflow.status, workflow.text).toBe(201);
    const session = await api(app.url, 'POST', '/api/uauth/session', {
      headers,
      body: { workflowKey: workflow.data.workflowKey },
    });
    const sessionId = new URL(session.data.getSessionUrl).searchParams.get('sessionId')!;
    submit = async (email: string) => {
      const { result: res, ms } = await timed(() =>
        fetch(`${app.url}/uauth/submit`, {
          method: 'POST',
          body: new URLSearchParams({ sessionId, email }),
          redirect: 'manual',
        }),
      );
      return { status: res.status, location: res.headers.get('location') ?? '', ms };
    };
  });

  it('a stranger gets the same redirect as a user, about as quickly, and no email', async () => {
    for (let i = 0; i < WARM_UP; i++) expect((await submit(user)).status).toBe(303);
    const mailsTo = async (email: string) =>
      Number((await sql`select count(*)::int as n from email_messages where to_address = ${email}`)[0]!.n);
    const mailed = await mailsTo(user);
    const users = [];
    const strangers = [];
    const strangerEmails = [];
    for (let i = 0; i < PAIRS; i++) {
      users.push(await submit(user));
      const email = randomEmail('hosted-nobody');
      strangerEmails.push(email);
      strangers.push(await submit(email));
    }
    expect(new Set([...users, ...strangers].map((r) => `${r.status} ${r.location}`)).size).toBe(1);
    expect((await mailsTo(user)) - mailed).toBe(PAIRS);
    for (const email of strangerEmails) expect(await mailsTo(email)).toBe(0);
    expectSimilar(median(users.map((r) => r.ms)), median(strangers.map((r) => r.ms)));
  });

  it('stores its challenges as existing-user-only; other policies and the REST API do not', async () => {
    const stored =
      await sql`select existing_user_only from challenges where email = ${user} and hosted_login_id is not null`;
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((r) => r.existing_user_only === true)).toBe(true);

    const headers = { 'x-upid-organization-key': secretToken };
    const open = await api(app.url, 'POST', `/api/projects/${project.id}/workflows`, {
      headers,
      body: { policyId: 'sign_up_sign_in', clientRedirectUrl: `${project.allowedOrigin}/done` },
    });
    const session = await api(app.url, 'POST', '/api/uauth/session', {
      headers,
      body: { workflowKey: open.data.workflowKey },
    });
    const sessionId = new URL(session.data.getSessionUrl).searchParams.get('sessionId')!;
    const email = randomEmail('open-policy');
    await fetch(`${app.url}/uauth/submit`, {
      method: 'POST',
      body: new URLSearchParams({ sessionId, email }),
      redirect: 'manual',
    });
    expect((await sendChallenge(app.url, project, email)).status).toBe(201);
    const rows =
      await sql`select existing_user_only, hosted_login_id from challenges where email = ${email} order by created_at`;
    expect(rows.map((r) => [r.hosted_login_id === sessionId, r.existing_user_only])).toEqual([
      [true, false],
      [false, false],
    ]);
  });
});

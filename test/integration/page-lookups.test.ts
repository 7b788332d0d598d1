// One lookup per page view, counted on the wire: the app reaches PostgreSQL through a
// relay that logs every statement it executes (test/support/statement-log.ts).
// - the hosted login page and the landing page: proxy.ts looks the hosted login or the
//   code up to choose the status and hands its result to the page, signed; the page does
//   not ask again. A page-state header the client forges is never believed.
// - a dashboard project page: the account (layout, section, page, project loader) and
//   the project (layout, page) are each read once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, codeOfLink, mailbox, randomEmail, sendChallenge, setupProject, verifyChallenge } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { type Cookies, request, signIn, submitForm } from '../support/dashboard';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { type StatementLog, startStatementLog } from '../support/statement-log';

let database: TestDatabase;
let statements: StatementLog;
let app: AppServer;
let secretToken: string;
let project: { id: string; clientToken: string; name: string; allowedOrigin: string; redirectUrl: string };

beforeAll(async () => {
  database = await createTestDatabase();
  statements = await startStatementLog(database.url);
  // no scheduled housekeeping: its statements would land among the ones counted
  app = await startApp({ databaseUrl: statements.url, env: { HOUSEKEEPING_INTERVAL_SECONDS: '0' } });
  const setup = await setupProject(app, { name: 'Lookup Counting Co' });
  secretToken = setup.secretToken;
  project = setup.project;
});
afterAll(async () => {
  await app?.stop();
  await statements?.close();
  await database?.drop();
});

/** The statements run while `view` runs, and how often each ran. */
async function counted(
  view: () => Promise<unknown>,
): Promise<{ all: string[]; selectsFrom: (table: string) => number }> {
  statements.reset();
  await view();
  const all = statements.statements();
  const selectsFrom = (table: string) =>
    all.filter((sql) => /^\s*select\b/i.test(sql) && new RegExp(`\\bfrom "${table}"`).test(sql)).length;
  return { all, selectsFrom };
}

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.url}${path}`, { headers, redirect: 'manual' });
  return { status: res.status, html: await res.text() };
}

async function hostedLogin(): Promise<string> {
  const key = { 'x-upid-organization-key': secretToken };
  const workflow = await api(app.url, 'POST', `/api/projects/${project.id}/workflows`, {
    headers: key,
    body: { policyId: 'sign_up_sign_in', clientRedirectUrl: `${project.allowedOrigin}/done` },
  });
  expect(workflow.status, workflow.text).toBe(201);
  const session = await api(app.url, 'POST', '/api/uauth/session', {
    headers: key,
    body: { workflowKey: workflow.data.workflowKey },
  });
  expect(session.status, session.text).toBe(201);
  return new URL(session.data.getSessionUrl).searchParams.get('sessionId') ?? '';
}

async function landingCode(): Promise<string> {
  const email = randomEmail('lookup');
  const sent = await sendChallenge(app.url, project, email);
  expect(sent.status, sent.text).toBe(201);
  const [message] = await mailbox(app.url, email);
  return codeOfLink(message?.links.find((l) => l.includes('/l/')) ?? '');
}

/** A page-state header as a client could make one: the right shape, a signature it had to guess. */
function forgedState(name: string, subject: string, value: unknown): string {
  const payload = Buffer.from(JSON.stringify({ name, subject, value: { ok: true, value } })).toString('base64url');
  return `${payload}.${Buffer.alloc(32, 1).toString('base64url')}`;
}

describe('the hosted login page (/uauth?sessionId=…)', () => {
  it('looks the hosted login up once: in the proxy, for the status and the page', async () => {
    const sessionId = await hostedLogin();
    let res = { status: 0, html: '' };
    const { selectsFrom } = await counted(async () => {
      res = await page(`/uauth?sessionId=${sessionId}`);
    });
    expect(res.status).toBe(200);
    expect(res.html).toContain('Sign in to Lookup Counting Co');
    expect(selectsFrom('hosted_logins')).toBe(1);
  });

  it('an unknown sessionId: 404, one lookup', async () => {
    let res = { status: 0, html: '' };
    const { selectsFrom } = await counted(async () => {
      res = await page(`/uauth?sessionId=${'0'.repeat(32)}`);
    });
    expect(res.status).toBe(404);
    expect(res.html).toContain('This sign-in page does not exist');
    expect(selectsFrom('hosted_logins')).toBe(1);
  });
});

describe('the landing page (/l/<code>)', () => {
  it('looks the code up once, and the page shows what the proxy found', async () => {
    const code = await landingCode();
    let res = { status: 0, html: '' };
    const { selectsFrom } = await counted(async () => {
      res = await page(`/l/${code}`);
    });
    expect(res.status).toBe(200);
    expect(res.html).toContain('Sign in to Lookup Counting Co');
    expect(selectsFrom('challenges')).toBe(1);
  });

  it('a used link: 409, one lookup', async () => {
    const code = await landingCode();
    expect((await verifyChallenge(app.url, project, code)).status).toBe(200);
    let res = { status: 0, html: '' };
    const { selectsFrom } = await counted(async () => {
      res = await page(`/l/${code}`);
    });
    expect(res.status).toBe(409);
    expect(res.html).toContain('already been used');
    expect(selectsFrom('challenges')).toBe(1);
  });

  it('a forged page-state header is dropped by the proxy: the page shows the real state', async () => {
    const code = 'x'.repeat(43);
    const forged = forgedState('landing', code, {
      kind: 'ready',
      projectName: 'Forged Inc',
      logoUrl: null,
      emailAddress: 'victim@example.test',
      redirectTo: 'https://evil.example/steal',
    });
    const res = await page(`/l/${code}`, { 'x-uauth-page-state': forged });
    expect(res.status).toBe(404);
    expect(res.html).not.toContain('Forged Inc');
    expect(res.html).toContain('This sign-in link is not valid');
  });

  it('where the proxy does not run (a prefetch), the page ignores a forged header and looks up itself', async () => {
    const code = 'y'.repeat(43);
    const forged = forgedState('landing', code, {
      kind: 'ready',
      projectName: 'Forged Inc',
      logoUrl: null,
      emailAddress: 'victim@example.test',
      redirectTo: 'https://evil.example/steal',
    });
    let res = { status: 0, html: '' };
    const { selectsFrom } = await counted(async () => {
      res = await page(`/l/${code}`, { 'next-router-prefetch': '1', 'x-uauth-page-state': forged });
    });
    // the proxy did not run: no status from it (a prefetch of an unknown code renders with 200)
    expect(res.status).toBe(200);
    expect(res.html).toContain('This sign-in link is not valid');
    expect(res.html).not.toContain('Forged Inc');
    expect(res.html).not.toContain('evil.example');
    expect(selectsFrom('challenges')).toBe(1);
  });
});

describe('a dashboard project page', () => {
  let jar: Cookies;
  let projectPath: string;

  beforeAll(async () => {
    ({ jar } = await signIn(app.url, randomEmail('owner')));
    const created = await submitForm(app.url, jar, '/dashboard', 'create-project', {
      name: 'Counted Project',
      allowedOrigin: 'http://localhost:4321',
      redirectUrl: 'http://localhost:4321/callback',
    });
    expect(created.status, created.text.slice(0, 300)).toBe(303);
    projectPath = new URL(created.location ?? '', app.url).pathname;
    expect(projectPath).toMatch(/^\/dashboard\/projects\/[0-9a-f-]{36}$/);
  });

  // (users, workflows, activity: their lib/ lists check the project's organization with a query of their own)
  for (const tab of ['', '/settings', '/template']) {
    it(`${tab || 'credentials'}: the account and the project are each read once, no statement twice`, async () => {
      let status = 0;
      const { all, selectsFrom } = await counted(async () => {
        status = (await request(app.url, jar, 'GET', `${projectPath}${tab}`)).status;
      });
      expect(status).toBe(200);
      expect(selectsFrom('accounts')).toBe(1);
      expect(selectsFrom('projects')).toBe(1);
      const twice = all.filter((sql, i) => all.indexOf(sql) !== i);
      expect(twice).toEqual([]);
    });
  }
});

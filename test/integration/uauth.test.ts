// UAuth (seed 000): workflows of a project, hosted logins and the hosted login
// page behind getSessionUrl, against the real app (next start + a fresh PostgreSQL
// database), per /work/shared/spec/API.md ("UAuth: hosted logins") and issue 3.
// The hosted page's form is a plain form post to /uauth/submit, answered 303; here it is
// posted the way a browser without JavaScript posts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, randomEmail, setupProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { connect } from '../support/postgres';

type Project = { id: string; clientToken: string; name: string; allowedOrigin: string; redirectUrl: string };
type Workflow = {
  workflowKey: string;
  projectId: string;
  name: string | null;
  policyId: string;
  clientRedirectUrl: string;
  createdAt: string;
  updatedAt: string;
};

const PROJECT_NAME = 'Workflow Test Co';
const LOGO_URL = 'https://cdn.example.com/wf-logo.png';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let app: AppServer;
let sql: ReturnType<typeof connect>;
let secretToken: string; // organization A
let project: Project; // A's project: allowedOrigin http://localhost:4321, redirectUrl http://localhost:4321/callback
let otherSecretToken: string; // organization B
let otherProject: Project; // B's project

beforeAll(async () => {
  // These tests send to one address several times in a row; the default limits
  // (1 per 30 s per address) are proven in test/security/rate-limits.test.ts.
  app = await startApp({ env: { RATE_LIMIT_SEND_PER_ADDRESS: '100/1m' } });
  sql = connect(app.databaseUrl!);
  const a = await setupProject(app, { name: PROJECT_NAME, logoUrl: LOGO_URL });
  secretToken = a.secretToken;
  project = a.project;
  const b = await setupProject(app, { name: 'Other Org App' });
  otherSecretToken = b.secretToken;
  otherProject = b.project;
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

// ---------------------------------------------------------------- helpers

const keyHeader = (token = secretToken) => ({ 'x-upid-organization-key': token });

function expectProblem(res: ApiResponse, status: number) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.data).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
    code: expect.any(String),
  });
  expect(res.text).not.toMatch(/\bat .+\.(js|ts):\d+/); // never a stack trace
}

function expectFieldError(res: ApiResponse, field: string) {
  expectProblem(res, 400);
  expect(res.data.errors, res.text).toEqual(
    expect.arrayContaining([expect.objectContaining({ path: field, message: expect.any(String) })]),
  );
}

function expectIso(value: unknown): number {
  expect(typeof value).toBe('string');
  const ms = Date.parse(value as string);
  expect(Number.isNaN(ms), String(value)).toBe(false);
  return ms;
}

async function createProject(overrides: Record<string, unknown> = {}, token = secretToken): Promise<Project> {
  const res = await api(app.url, 'POST', '/api/projects', {
    headers: keyHeader(token),
    body: {
      name: 'Another App',
      allowedOrigin: 'http://localhost:4321',
      redirectUrl: 'http://localhost:4321/callback',
      ...overrides,
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.data;
}

const workflowsPath = (projectId: string) => `/api/projects/${projectId}/workflows`;

function postWorkflow(p: Project, body: unknown, token = secretToken) {
  return api<Workflow>(app.url, 'POST', workflowsPath(p.id), { headers: keyHeader(token), body });
}

async function createWorkflow(
  p: Project = project,
  body: Record<string, unknown> = {},
  token = secretToken,
): Promise<Workflow> {
  const res = await postWorkflow(
    p,
    { policyId: 'sign_up_sign_in', clientRedirectUrl: `${p.allowedOrigin}/done`, ...body },
    token,
  );
  expect(res.status, res.text).toBe(201);
  return res.data;
}

function postSession(body: unknown, headers: Record<string, string> = keyHeader()) {
  return api(app.url, 'POST', '/api/uauth/session', { headers, body });
}

/** POST /api/uauth/session; returns getSessionUrl and the session id in it. */
async function createSession(workflowKey: string, state?: string, token = secretToken) {
  const res = await postSession({ workflowKey, ...(state === undefined ? {} : { state }) }, keyHeader(token));
  expect(res.status, res.text).toBe(201);
  const url: string = res.data.getSessionUrl;
  const match = url.match(/^(.+)\/uauth\?sessionId=([0-9a-f]{32})$/);
  expect(match, url).not.toBeNull();
  return { url, sessionId: match![2]! };
}

function getSession(sessionId: string, token = secretToken) {
  return api(app.url, 'GET', `/api/uauth/session/${sessionId}`, { headers: keyHeader(token) });
}

async function mailbox(email: string): Promise<any[]> {
  const res = await api(app.url, 'GET', `/api/dev/mailbox?to=${encodeURIComponent(email)}`);
  expect(res.status, res.text).toBe(200);
  return res.data.messages;
}

function codeOfLink(link: string): string {
  const url = new URL(link);
  expect(url.origin).toBe(app.url);
  const match = url.pathname.match(/^\/l\/([A-Za-z0-9_-]+)$/);
  expect(match, `landing link ${link}`).not.toBeNull();
  return match![1]!;
}

function verify(p: Project, challengeCode: string) {
  return api(app.url, 'POST', '/api/challenge/verify', {
    body: { challengeCode, projectId: p.id, clientToken: p.clientToken },
  });
}

/** Presses Continue on the landing page (a plain form post); returns the 303 target. */
async function continueLanding(code: string): Promise<string> {
  const res = await fetch(`${app.url}/l/continue`, {
    method: 'POST',
    body: new URLSearchParams({ code }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  return res.headers.get('location') ?? '';
}

type Page = { status: number; headers: Headers; html: string; text: string };

/** The page's text as a reader sees it without JavaScript (scripts and tags removed). */
function visibleText(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<div hidden="">[\s\S]*?<\/div>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

async function getPage(url: string, cookie?: string): Promise<Page> {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const html = await res.text();
  return { status: res.status, headers: res.headers, html, text: visibleText(html) };
}

function expectNoStackTrace(page: Page) {
  expect(page.html).not.toMatch(/\bat .+\.(js|ts):\d+/);
  expect(page.text).not.toMatch(/Error:|TypeError|ReferenceError|Internal Server Error/);
}

/** The fields of a hosted page's first form (hidden inputs included), with `email` set. */
function formFields(html: string, email: string): FormData {
  const form = html.match(/<form\b[^>]*>([\s\S]*?)<\/form>/);
  expect(form, 'the hosted page has a form').not.toBeNull();
  const data = new FormData();
  for (const input of form![1]!.matchAll(/<input\b([^>]*)>/g)) {
    const attrs = input[1]!;
    const name = attrs.match(/\bname="([^"]*)"/)?.[1];
    if (!name) continue;
    const value = attrs.match(/\bvalue="([^"]*)"/)?.[1] ?? '';
    data.append(name, value.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  }
  data.set('email', email);
  return data;
}

/** Posts a hosted form the way a browser without JavaScript does (with its Origin). */
function postForm(pageUrl: string, data: FormData, cookie?: string) {
  // A browser sends its Origin with a form POST (Next's Server Actions check it).
  const headers: Record<string, string> = { origin: new URL(pageUrl).origin, ...(cookie ? { cookie } : {}) };
  return fetch(pageUrl, { method: 'POST', body: data, redirect: 'manual', headers });
}

/**
 * Submits the hosted page's email form like a browser without JavaScript: the page's
 * own form posted to its action.
 * Returns the 303 target and the cookies it set.
 */
async function submitHostedForm(getSessionUrl: string, email: string, cookie?: string) {
  const page = await getPage(getSessionUrl, cookie);
  expect(page.status, page.text).toBe(200);
  const action = page.html.match(/<form\b[^>]*\baction="([^"]*)"/)?.[1] ?? getSessionUrl;
  const res = await postForm(
    new URL(action.replace(/&amp;/g, '&'), getSessionUrl).href,
    formFields(page.html, email),
    cookie,
  );
  expect(res.status, await res.clone().text()).toBe(303);
  const location = new URL(res.headers.get('location') ?? '', getSessionUrl).href;
  const setCookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { location, cookie: setCookie, headers: res.headers };
}

/** Hosted page -> email -> mailbox link -> Continue target. */
async function hostedSignIn(getSessionUrl: string, email: string) {
  const submitted = await submitHostedForm(getSessionUrl, email);
  const messages = await mailbox(email.trim().toLowerCase());
  expect(messages.length, 'an email was sent').toBeGreaterThan(0);
  const link: string = messages[0].links.find((l: string) => l.startsWith(`${app.url}/l/`));
  const code = codeOfLink(link);
  const target = new URL(await continueLanding(code));
  return { submitted, code, target, messages };
}

/** A known user of the project, made through the plain REST send + verify. */
async function makeUser(p: Project, email: string) {
  const sent = await api(app.url, 'POST', '/api/challenge/send', {
    body: { projectId: p.id, clientToken: p.clientToken, emailAddress: email },
  });
  expect(sent.status, sent.text).toBe(201);
  const [message] = await mailbox(email);
  const verified = await verify(p, codeOfLink(message.links[0]));
  expect(verified.status, verified.text).toBe(200);
  return verified.data.user;
}

// ---------------------------------------------------------------- workflows

describe('workflows CRUD: /api/projects/{projectId}/workflows', () => {
  it('POST creates a workflow: 201 with workflowKey (uuid), projectId, name, policyId, clientRedirectUrl, timestamps', async () => {
    const before = Date.now();
    const res = await postWorkflow(project, {
      policyId: 'sign_up_sign_in',
      clientRedirectUrl: 'http://localhost:4321/auth/done?tenant=acme',
      name: 'Main login',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.data).toMatchObject({
      projectId: project.id,
      name: 'Main login',
      policyId: 'sign_up_sign_in',
      clientRedirectUrl: 'http://localhost:4321/auth/done?tenant=acme',
    });
    expect(res.data.workflowKey).toMatch(UUID);
    const createdAt = expectIso(res.data.createdAt);
    const updatedAt = expectIso(res.data.updatedAt);
    expect(createdAt).toBeGreaterThanOrEqual(before - 5_000);
    expect(createdAt).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(updatedAt).toBeGreaterThanOrEqual(createdAt);
  });

  it('accepts every built-in policy; name is optional', async () => {
    const keys = new Set<string>();
    for (const policyId of ['sign_up_sign_in', 'sign_in', 'sign_up']) {
      const res = await postWorkflow(project, { policyId, clientRedirectUrl: 'http://localhost:4321/done' });
      expect(res.status, res.text).toBe(201);
      expect(res.data.policyId).toBe(policyId);
      expect(res.data.name ?? null).toBeNull();
      keys.add(res.data.workflowKey);
    }
    expect(keys.size, 'every workflow gets its own key').toBe(3);
  });

  it("accepts a clientRedirectUrl on the origin of the project's redirectUrl too", async () => {
    const p = await createProject({
      allowedOrigin: 'http://localhost:4321',
      redirectUrl: 'http://127.0.0.1:5555/callback',
    });
    const res = await postWorkflow(p, { policyId: 'sign_in', clientRedirectUrl: 'http://127.0.0.1:5555/uauth/return' });
    expect(res.status, res.text).toBe(201);
    expect(res.data.clientRedirectUrl).toBe('http://127.0.0.1:5555/uauth/return');
  });

  it('GET lists the workflows of that project only', async () => {
    const p = await createProject({ name: 'List App' });
    const empty = await api(app.url, 'GET', workflowsPath(p.id), { headers: keyHeader() });
    expect(empty.status, empty.text).toBe(200);
    expect(empty.data).toEqual([]);

    const one = await createWorkflow(p, { name: 'one' });
    const two = await createWorkflow(p, { name: 'two', policyId: 'sign_in' });
    await createWorkflow(project, { name: 'elsewhere' });

    const list = await api<Workflow[]>(app.url, 'GET', workflowsPath(p.id), { headers: keyHeader() });
    expect(list.status, list.text).toBe(200);
    expect(Array.isArray(list.data)).toBe(true);
    expect(list.data.map((w) => w.workflowKey).sort()).toEqual([one.workflowKey, two.workflowKey].sort());
    expect(list.data.find((w) => w.workflowKey === one.workflowKey)).toEqual(one);
    expect(list.data.find((w) => w.workflowKey === two.workflowKey)).toEqual(two);
  });

  it('GET one answers 200 with the workflow', async () => {
    const wf = await createWorkflow(project, { name: 'read me', policyId: 'sign_up' });
    const res = await api(app.url, 'GET', `${workflowsPath(project.id)}/${wf.workflowKey}`, { headers: keyHeader() });
    expect(res.status, res.text).toBe(200);
    expect(res.data).toEqual(wf);
  });

  it('PUT replaces policyId, clientRedirectUrl and name; the key and createdAt stay', async () => {
    const wf = await createWorkflow(project, { name: 'before', policyId: 'sign_up_sign_in' });
    await new Promise((r) => setTimeout(r, 20));
    const res = await api<Workflow>(app.url, 'PUT', `${workflowsPath(project.id)}/${wf.workflowKey}`, {
      headers: keyHeader(),
      body: { policyId: 'sign_in', clientRedirectUrl: 'http://localhost:4321/other', name: 'after' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.data).toMatchObject({
      workflowKey: wf.workflowKey,
      projectId: project.id,
      name: 'after',
      policyId: 'sign_in',
      clientRedirectUrl: 'http://localhost:4321/other',
      createdAt: wf.createdAt,
    });
    expect(expectIso(res.data.updatedAt)).toBeGreaterThan(expectIso(wf.updatedAt));

    const read = await api(app.url, 'GET', `${workflowsPath(project.id)}/${wf.workflowKey}`, { headers: keyHeader() });
    expect(read.data).toEqual(res.data);
  });

  it('PUT validates like POST', async () => {
    const wf = await createWorkflow(project);
    const path = `${workflowsPath(project.id)}/${wf.workflowKey}`;
    expectFieldError(
      await api(app.url, 'PUT', path, {
        headers: keyHeader(),
        body: { policyId: 'admin', clientRedirectUrl: 'http://localhost:4321/x' },
      }),
      'policyId',
    );
    expectFieldError(
      await api(app.url, 'PUT', path, {
        headers: keyHeader(),
        body: { policyId: 'sign_in', clientRedirectUrl: 'https://evil.example.com/x' },
      }),
      'clientRedirectUrl',
    );
    const read = await api(app.url, 'GET', path, { headers: keyHeader() });
    expect(read.data).toEqual(wf);
  });

  it('DELETE answers 204 with no body; afterwards GET, PUT and DELETE are 404 and the list omits it', async () => {
    const p = await createProject({ name: 'Delete App' });
    const wf = await createWorkflow(p);
    const keep = await createWorkflow(p);
    const path = `${workflowsPath(p.id)}/${wf.workflowKey}`;
    const del = await api(app.url, 'DELETE', path, { headers: keyHeader() });
    expect(del.status, del.text).toBe(204);
    expect(del.text).toBe('');

    expectProblem(await api(app.url, 'GET', path, { headers: keyHeader() }), 404);
    expectProblem(
      await api(app.url, 'PUT', path, {
        headers: keyHeader(),
        body: { policyId: 'sign_in', clientRedirectUrl: 'http://localhost:4321/x' },
      }),
      404,
    );
    expectProblem(await api(app.url, 'DELETE', path, { headers: keyHeader() }), 404);
    const list = await api<Workflow[]>(app.url, 'GET', workflowsPath(p.id), { headers: keyHeader() });
    expect(list.data.map((w) => w.workflowKey)).toEqual([keep.workflowKey]);
  });

  it('an invalid or missing policyId is 400 naming policyId', async () => {
    for (const policyId of ['admin', 'SIGN_IN', '', 42, null, undefined]) {
      expectFieldError(
        await postWorkflow(project, { policyId, clientRedirectUrl: 'http://localhost:4321/done' }),
        'policyId',
      );
    }
  });

  it('a clientRedirectUrl off the project origins is 400 naming clientRedirectUrl (no open redirects)', async () => {
    for (const clientRedirectUrl of [
      'https://evil.example.com/callback',
      'http://localhost:4322/callback', // another port
      'https://localhost:4321/callback', // another scheme
      'http://localhost.evil.example.com:4321/callback',
      'http://evil.example.com/@localhost:4321/callback',
    ]) {
      const res = await postWorkflow(project, { policyId: 'sign_in', clientRedirectUrl });
      expectFieldError(res, 'clientRedirectUrl');
    }
  });

  it('a malformed or missing clientRedirectUrl is 400 naming clientRedirectUrl', async () => {
    for (const clientRedirectUrl of [
      '/relative/path',
      'javascript:alert(1)',
      'http://localhost:4321/done#fragment',
      'not a url',
      '',
      123,
      undefined,
    ]) {
      expectFieldError(await postWorkflow(project, { policyId: 'sign_in', clientRedirectUrl }), 'clientRedirectUrl');
    }
  });

  it('a name over 100 characters is 400 naming name', async () => {
    expectFieldError(
      await postWorkflow(project, {
        policyId: 'sign_in',
        clientRedirectUrl: 'http://localhost:4321/done',
        name: 'x'.repeat(101),
      }),
      'name',
    );
  });

  it('a body that is not JSON is 400', async () => {
    const res = await api(app.url, 'POST', workflowsPath(project.id), {
      headers: { ...keyHeader(), 'content-type': 'application/json' },
      rawBody: '{"policyId": "sign_in",',
    });
    expectProblem(res, 400);
  });

  it('a malformed projectId or workflowKey is 400', async () => {
    expectProblem(await api(app.url, 'GET', workflowsPath('not-a-uuid'), { headers: keyHeader() }), 400);
    expectProblem(await api(app.url, 'GET', `${workflowsPath(project.id)}/not-a-uuid`, { headers: keyHeader() }), 400);
  });

  it("another organization's project is 404 on every call, and nothing is created", async () => {
    const theirs = await createWorkflow(otherProject, {}, otherSecretToken);
    const body = { policyId: 'sign_in', clientRedirectUrl: 'http://localhost:4321/done' };
    expectProblem(await postWorkflow(otherProject, body), 404);
    expectProblem(await api(app.url, 'GET', workflowsPath(otherProject.id), { headers: keyHeader() }), 404);
    const one = `${workflowsPath(otherProject.id)}/${theirs.workflowKey}`;
    expectProblem(await api(app.url, 'GET', one, { headers: keyHeader() }), 404);
    expectProblem(await api(app.url, 'PUT', one, { headers: keyHeader(), body }), 404);
    expectProblem(await api(app.url, 'DELETE', one, { headers: keyHeader() }), 404);

    // The owner still sees it unchanged, and only it.
    const list = await api<Workflow[]>(app.url, 'GET', workflowsPath(otherProject.id), {
      headers: keyHeader(otherSecretToken),
    });
    expect(list.status).toBe(200);
    expect(list.data.find((w) => w.workflowKey === theirs.workflowKey)).toEqual(theirs);
    expect(list.data.every((w) => w.projectId === otherProject.id)).toBe(true);
  });

  it("another organization's workflow key under one's own project is 404", async () => {
    const theirs = await createWorkflow(otherProject, {}, otherSecretToken);
    expectProblem(
      await api(app.url, 'GET', `${workflowsPath(project.id)}/${theirs.workflowKey}`, { headers: keyHeader() }),
      404,
    );
  });

  it('a workflow read through a sibling project of the same organization is 404', async () => {
    const sibling = await createProject({ name: 'Sibling App' });
    const wf = await createWorkflow(project);
    expectProblem(
      await api(app.url, 'GET', `${workflowsPath(sibling.id)}/${wf.workflowKey}`, { headers: keyHeader() }),
      404,
    );
    expectProblem(
      await api(app.url, 'DELETE', `${workflowsPath(sibling.id)}/${wf.workflowKey}`, { headers: keyHeader() }),
      404,
    );
    expect(
      (await api(app.url, 'GET', `${workflowsPath(project.id)}/${wf.workflowKey}`, { headers: keyHeader() })).status,
    ).toBe(200);
  });

  it('an unknown project is 404; a deleted project is 404', async () => {
    expectProblem(await api(app.url, 'GET', workflowsPath(crypto.randomUUID()), { headers: keyHeader() }), 404);
    const p = await createProject({ name: 'Soon Deleted' });
    const wf = await createWorkflow(p);
    expect((await api(app.url, 'DELETE', `/api/projects/${p.id}`, { headers: keyHeader() })).status).toBe(204);
    expectProblem(await api(app.url, 'GET', workflowsPath(p.id), { headers: keyHeader() }), 404);
    expectProblem(await api(app.url, 'GET', `${workflowsPath(p.id)}/${wf.workflowKey}`, { headers: keyHeader() }), 404);
    expectProblem(await postWorkflow(p, { policyId: 'sign_in', clientRedirectUrl: 'http://localhost:4321/done' }), 404);
  });

  it('no key, or an unknown one, is 401 on every call', async () => {
    const wf = await createWorkflow(project);
    const one = `${workflowsPath(project.id)}/${wf.workflowKey}`;
    const body = { policyId: 'sign_in', clientRedirectUrl: 'http://localhost:4321/done' };
    const unknown = `sk_${'A'.repeat(43)}`;
    const headerSets: Array<Record<string, string>> = [{}, keyHeader(unknown), { authorization: `Bearer ${unknown}` }];
    for (const headers of headerSets) {
      expectProblem(await api(app.url, 'GET', workflowsPath(project.id), { headers }), 401);
      expectProblem(await api(app.url, 'POST', workflowsPath(project.id), { headers, body }), 401);
      expectProblem(await api(app.url, 'GET', one, { headers }), 401);
      expectProblem(await api(app.url, 'PUT', one, { headers, body }), 401);
      expectProblem(await api(app.url, 'DELETE', one, { headers }), 401);
    }
    expectProblem(await api(app.url, 'GET', `${workflowsPath(project.id)}?secretToken=${unknown}`), 401);
    // Nothing changed.
    expect((await api(app.url, 'GET', one, { headers: keyHeader() })).data).toEqual(wf);
  });

  it('the key also works as Authorization: Bearer and ?secretToken=', async () => {
    const bearer = await api(app.url, 'GET', workflowsPath(project.id), {
      headers: { authorization: `Bearer ${secretToken}` },
    });
    expect(bearer.status, bearer.text).toBe(200);
    const query = await api(
      app.url,
      'GET',
      `${workflowsPath(project.id)}?secretToken=${encodeURIComponent(secretToken)}`,
    );
    expect(query.status, query.text).toBe(200);
    expect(query.data).toEqual(bearer.data);
  });
});

// ---------------------------------------------------------------- POST /api/uauth/session

describe('POST /api/uauth/session', () => {
  let workflow: Workflow;
  beforeAll(async () => {
    workflow = await createWorkflow(project, { name: 'session tests' });
  });

  const sessionUrlPattern = () => new RegExp(`^${app.url.replace(/[.]/g, '\\.')}/uauth\\?sessionId=[0-9a-f]{32}$`);

  it('with x-upid-organization-key: 201 {getSessionUrl: APP_URL/uauth?sessionId=<32 lowercase hex>}', async () => {
    const res = await postSession({ workflowKey: workflow.workflowKey, state: 'opaque-state' });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.data.getSessionUrl).toMatch(sessionUrlPattern());
  });

  it('with Authorization: Bearer and with ?secretToken=, and without state', async () => {
    const bearer = await postSession({ workflowKey: workflow.workflowKey }, { authorization: `Bearer ${secretToken}` });
    expect(bearer.status, bearer.text).toBe(201);
    expect(bearer.data.getSessionUrl).toMatch(sessionUrlPattern());
    const query = await api(app.url, 'POST', `/api/uauth/session?secretToken=${encodeURIComponent(secretToken)}`, {
      body: { workflowKey: workflow.workflowKey },
    });
    expect(query.status, query.text).toBe(201);
    expect(query.data.getSessionUrl).toMatch(sessionUrlPattern());
  });

  it('every call creates a new session id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await createSession(workflow.workflowKey)).sessionId);
    expect(ids.size).toBe(5);
  });

  it('a bad body is 400: missing or invalid workflowKey, state too long or not a string', async () => {
    expectFieldError(await postSession({}), 'workflowKey');
    expectFieldError(await postSession({ state: 'x' }), 'workflowKey');
    for (const workflowKey of ['not-a-uuid', '', 42, null, ['a']])
      expectFieldError(await postSession({ workflowKey }), 'workflowKey');
    expectFieldError(await postSession({ workflowKey: workflow.workflowKey, state: 'x'.repeat(513) }), 'state');
    expectFieldError(await postSession({ workflowKey: workflow.workflowKey, state: 12 }), 'state');
    // 512 characters is fine.
    expect((await postSession({ workflowKey: workflow.workflowKey, state: 'x'.repeat(512) })).status).toBe(201);
  });

  it('a body that is not JSON (or not an object) is 400', async () => {
    for (const rawBody of ['{"workflowKey":', 'workflowKey=abc', '[1,2]', '"text"']) {
      const res = await api(app.url, 'POST', '/api/uauth/session', {
        headers: { ...keyHeader(), 'content-type': 'application/json' },
        rawBody,
      });
      expectProblem(res, 400);
    }
    // No body at all: workflowKey is missing.
    expectFieldError(await api(app.url, 'POST', '/api/uauth/session', { headers: keyHeader() }), 'workflowKey');
  });

  it('no key, or an unknown one, is 401', async () => {
    const body = { workflowKey: workflow.workflowKey };
    expectProblem(await postSession(body, {}), 401);
    const unknown = `sk_${'B'.repeat(43)}`;
    expectProblem(await postSession(body, keyHeader(unknown)), 401);
    expectProblem(await postSession(body, { authorization: `Bearer ${unknown}` }), 401);
    expectProblem(await postSession(body, keyHeader('garbage')), 401);
    expectProblem(await api(app.url, 'POST', `/api/uauth/session?secretToken=${unknown}`, { body }), 401);
    // A client token is not an organization key.
    expectProblem(await postSession(body, keyHeader(project.clientToken)), 401);
  });

  it('an unknown workflowKey is 409', async () => {
    const res = await postSession({ workflowKey: crypto.randomUUID() });
    expectProblem(res, 409);
  });

  it('a deleted workflow is 409', async () => {
    const wf = await createWorkflow(project);
    expect(
      (await api(app.url, 'DELETE', `${workflowsPath(project.id)}/${wf.workflowKey}`, { headers: keyHeader() })).status,
    ).toBe(204);
    expectProblem(await postSession({ workflowKey: wf.workflowKey }), 409);
  });

  it("another organization's workflow is 409 (and works for its owner)", async () => {
    const theirs = await createWorkflow(otherProject, {}, otherSecretToken);
    expectProblem(await postSession({ workflowKey: theirs.workflowKey }), 409);
    expect((await postSession({ workflowKey: theirs.workflowKey }, keyHeader(otherSecretToken))).status).toBe(201);
  });

  it('a workflow whose project was deleted is 424', async () => {
    const p = await createProject({ name: 'Gone App' });
    const wf = await createWorkflow(p);
    expect((await postSession({ workflowKey: wf.workflowKey })).status).toBe(201);
    expect((await api(app.url, 'DELETE', `/api/projects/${p.id}`, { headers: keyHeader() })).status).toBe(204);
    expectProblem(await postSession({ workflowKey: wf.workflowKey }), 424);
  });
});

// ---------------------------------------------------------------- GET /api/uauth/session/{id}

describe('GET /api/uauth/session/{sessionId}', () => {
  let workflow: Workflow;
  beforeAll(async () => {
    workflow = await createWorkflow(project, {
      policyId: 'sign_in',
      clientRedirectUrl: 'http://localhost:4321/uauth-return?x=1',
    });
  });

  it('200 {workflowKey, policyId, clientRedirectUrl} (+ status pending, expiresAt 30 minutes ahead)', async () => {
    const before = Date.now();
    const { sessionId } = await createSession(workflow.workflowKey, 's');
    const res = await getSession(sessionId);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.data).toMatchObject({
      workflowKey: workflow.workflowKey,
      policyId: 'sign_in',
      clientRedirectUrl: 'http://localhost:4321/uauth-return?x=1',
    });
    if ('status' in res.data) expect(res.data.status).toBe('pending');
    if ('expiresAt' in res.data) {
      const expiresAt = expectIso(res.data.expiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 60_000 - 5_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 5_000);
    }
    // The session's state is not echoed to anyone reading it.
    expect(JSON.stringify(res.data)).not.toContain('"state"');
  });

  it('accepts the key as Bearer and as ?secretToken=', async () => {
    const { sessionId } = await createSession(workflow.workflowKey);
    const bearer = await api(app.url, 'GET', `/api/uauth/session/${sessionId}`, {
      headers: { authorization: `Bearer ${secretToken}` },
    });
    expect(bearer.status, bearer.text).toBe(200);
    const query = await api(
      app.url,
      'GET',
      `/api/uauth/session/${sessionId}?secretToken=${encodeURIComponent(secretToken)}`,
    );
    expect(query.status, query.text).toBe(200);
    expect(query.data.workflowKey).toBe(workflow.workflowKey);
  });

  it('a malformed id is 400', async () => {
    for (const id of ['abc', 'A'.repeat(32), 'f'.repeat(31), 'f'.repeat(33), 'g'.repeat(32), crypto.randomUUID()]) {
      expectProblem(await getSession(id), 400);
    }
  });

  it('an unknown id is 404', async () => {
    expectProblem(await getSession('0'.repeat(32)), 404);
    expectProblem(await getSession(crypto.randomUUID().replace(/-/g, '')), 404);
  });

  it("another organization's session is 404 (and 200 for its owner)", async () => {
    const { sessionId } = await createSession(workflow.workflowKey);
    expectProblem(await getSession(sessionId, otherSecretToken), 404);
    expect((await getSession(sessionId)).status).toBe(200);
  });

  it('an expired session is 404', async () => {
    const { sessionId } = await createSession(workflow.workflowKey);
    expect((await getSession(sessionId)).status).toBe(200);
    await sql`update hosted_logins set expires_at = now() - interval '1 second' where id = ${sessionId}`;
    expectProblem(await getSession(sessionId), 404);
  });

  it('sessions live 30 minutes (expires_at in the database)', async () => {
    const before = Date.now();
    const { sessionId } = await createSession(workflow.workflowKey);
    const [row] = await sql`select expires_at from hosted_logins where id = ${sessionId}`;
    const ms = new Date(row!.expires_at).getTime();
    expect(ms).toBeGreaterThanOrEqual(before + 30 * 60_000 - 5_000);
    expect(ms).toBeLessThanOrEqual(Date.now() + 30 * 60_000 + 5_000);
  });

  it('no key, or an unknown one, is 401', async () => {
    const { sessionId } = await createSession(workflow.workflowKey);
    expectProblem(await api(app.url, 'GET', `/api/uauth/session/${sessionId}`), 401);
    expectProblem(await getSession(sessionId, `sk_${'C'.repeat(43)}`), 401);
  });
});

// ---------------------------------------------------------------- hosted page

describe('hosted login page GET /uauth?sessionId=…', () => {
  let workflow: Workflow;
  beforeAll(async () => {
    workflow = await createWorkflow(project, { clientRedirectUrl: 'http://localhost:4321/hosted-return' });
  });

  it("200 HTML: the project's name and logo, a labelled email input and a submit button", async () => {
    const { url, sessionId } = await createSession(workflow.workflowKey);
    const page = await getPage(url);
    expect(page.status, page.text).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain(PROJECT_NAME);
    expect(page.html).toMatch(new RegExp(`<h1[^>]*>[^<]*${PROJECT_NAME}`));
    expect(page.html).toContain(`src="${LOGO_URL}"`);

    // <label for="x"> … <input id="x" type="email" name="email">
    const input = page.html.match(/<input\b[^>]*\btype="email"[^>]*>/)?.[0];
    expect(input, 'an email input').toBeDefined();
    expect(input).toMatch(/\bname="email"/);
    const id = input!.match(/\bid="([^"]+)"/)?.[1];
    expect(id, 'the email input has an id for its label').toBeDefined();
    expect(page.html).toMatch(new RegExp(`<label\\b[^>]*\\bfor="${id}"[^>]*>[^<]*\\S`));
    expect(page.html).toMatch(/<button\b[^>]*type="submit"[^>]*>[^<]*\S/);

    // A plain form that works without JavaScript: it posts back to this server.
    const form = page.html.match(/<form\b[^>]*>/)?.[0] ?? '';
    expect(form).toMatch(/method="post"/i);
    expect(page.html).toContain(`value="${sessionId}"`);
    expectNoStackTrace(page);
  });

  it("headers: frame-ancestors 'none' / X-Frame-Options DENY, Referrer-Policy no-referrer, a CSP, no caching", async () => {
    const { url } = await createSession(workflow.workflowKey);
    const page = await getPage(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/default-src 'self'/);
    // Inline script may only be the page's own; no script from other hosts.
    const scriptSrc = csp.match(/script-src ([^;]+)/)?.[1] ?? "'self'";
    expect(scriptSrc).not.toMatch(/\*|https?:|data:/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control') ?? '').toMatch(/no-store/);
  });

  it('everything shown from project data is escaped', async () => {
    const evilName = `<img src=x onerror=alert(1)>"'&<script>alert(2)</script>`;
    const evilLogo = 'https://cdn.example.com/l.png?a="><script>alert(3)</script>';
    const p = await createProject({ name: evilName, logoUrl: evilLogo });
    const wf = await createWorkflow(p);
    const { url } = await createSession(wf.workflowKey);
    const page = await getPage(url);
    expect(page.status).toBe(200);
    expect(page.text).toContain(evilName);
    expect(page.html).not.toContain('<img src=x onerror');
    expect(page.html).not.toContain('<script>alert(');
    expect(page.html).not.toContain('"><script>');
  });

  // Dead ends answer 404 (unknown) or 410 (expired, completed) and still say, in their
  // server-rendered HTML, what happened.
  it('an unknown, malformed or missing sessionId is a clear 404 page, never a stack trace', async () => {
    for (const query of [`sessionId=${'0'.repeat(32)}`, 'sessionId=nope', 'sessionId=', '']) {
      const page = await getPage(`${app.url}/uauth?${query}`);
      expect(page.status, query).toBe(404);
      expect(page.text, query).toMatch(/does not exist/i);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expectNoStackTrace(page);
    }
  });

  it('the page for an unknown session says so in its HTML (readable without JavaScript)', async () => {
    const page = await getPage(`${app.url}/uauth?sessionId=${'0'.repeat(32)}`);
    expect(page.text).toMatch(/not (valid|found)|no longer|does not exist|expired/i);
  });

  it('a deleted workflow or project makes the page say it does not exist', async () => {
    const p = await createProject({ name: 'Page Gone App' });
    const wf1 = await createWorkflow(p);
    const wf2 = await createWorkflow(p);
    const s1 = await createSession(wf1.workflowKey);
    const s2 = await createSession(wf2.workflowKey);
    expect((await getPage(s1.url)).status).toBe(200);
    expect(
      (await api(app.url, 'DELETE', `${workflowsPath(p.id)}/${wf1.workflowKey}`, { headers: keyHeader() })).status,
    ).toBe(204);
    const deleted = await getPage(s1.url);
    expect(deleted.status).toBe(404);
    expect(deleted.text).toMatch(/does not exist/i);
    expect((await getPage(s2.url)).status).toBe(200);
    expect((await api(app.url, 'DELETE', `/api/projects/${p.id}`, { headers: keyHeader() })).status).toBe(204);
    const gone = await getPage(s2.url);
    expect(gone.status).toBe(404);
    expect(gone.text).toMatch(/does not exist/i);
    expectNoStackTrace(gone);
  });

  it('an expired session shows a clear 410 "expired" page with the project name and no form', async () => {
    const { url, sessionId } = await createSession(workflow.workflowKey);
    await sql`update hosted_logins set expires_at = now() - interval '1 second' where id = ${sessionId}`;
    const page = await getPage(url);
    expect(page.status).toBe(410);
    expect(page.text).toMatch(/expired/i);
    expect(page.text).toContain(PROJECT_NAME);
    expect(page.html).not.toMatch(/type="email"/);
    expectNoStackTrace(page);
  });
});

// ---------------------------------------------------------------- hosted sign-in (no JavaScript)

describe('hosted sign-in through the form (as a browser without JavaScript)', () => {
  it('sign_up_sign_in: form -> 303 "check your email" -> link -> Continue -> clientRedirectUrl with code, sessionId, state -> verify -> completed', async () => {
    const wf = await createWorkflow(project, {
      policyId: 'sign_up_sign_in',
      clientRedirectUrl: 'http://localhost:4321/wf/return?tenant=acme',
    });
    const state = `st ${crypto.randomUUID()} &=?/é`;
    const { url, sessionId } = await createSession(wf.workflowKey, state);
    const email = randomEmail('hosted');

    const submitted = await submitHostedForm(url, `  ${email.toUpperCase()} `);
    expect(new URL(submitted.location).origin).toBe(app.url);
    expect(new URL(submitted.location).pathname).toBe('/uauth');
    expect(new URL(submitted.location).searchParams.get('sessionId')).toBe(sessionId);
    // The address never goes into a URL (referrers, logs).
    expect(submitted.location.toLowerCase()).not.toContain(encodeURIComponent(email).toLowerCase());
    expect(submitted.location.toLowerCase()).not.toContain(email.toLowerCase());

    const check = await getPage(submitted.location, submitted.cookie);
    expect(check.status).toBe(200);
    expect(check.text).toMatch(/check your email/i);
    expect(check.text).toContain(email.toLowerCase());
    expect(check.text).toMatch(/another (email )?address/i); // a way to use another address
    expect(check.text).toMatch(/again|resend/i); // a way to resend

    // One email, to the normalized address, with a landing link on APP_URL.
    const messages = await mailbox(email.toLowerCase());
    expect(messages).toHaveLength(1);
    const link: string = messages[0].links.find((l: string) => l.startsWith(`${app.url}/l/`));
    const code = codeOfLink(link);

    // Opening the landing page does not complete anything.
    const landing = await getPage(link);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain(PROJECT_NAME);

    const target = new URL(await continueLanding(code));
    expect(`${target.origin}${target.pathname}`).toBe('http://localhost:4321/wf/return');
    expect(target.searchParams.get('tenant')).toBe('acme');
    expect(target.searchParams.get('code')).toBe(code);
    expect(target.searchParams.get('sessionId')).toBe(sessionId);
    expect(target.searchParams.get('state')).toBe(state);

    // Still pending until the app verifies.
    const pending = await getSession(sessionId);
    expect(pending.status).toBe(200);
    if ('status' in pending.data) expect(pending.data.status).toBe('pending');
    expect((await getPage(url)).text).toMatch(/sign in to/i);

    const verified = await verify(project, code);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data).toMatchObject({
      status: 'verified',
      user: { emailAddress: email.toLowerCase() },
      session: { status: 'active' },
    });

    // Completed: the API says so (extra field), the page says so, and it cannot be used again.
    const done = await getSession(sessionId);
    expect(done.status, done.text).toBe(200);
    if ('status' in done.data) expect(done.data.status).toBe('completed');
    const page = await getPage(url);
    expect(page.status).toBe(410);
    expect(page.text).toMatch(/already|completed/i);
    expect(page.html).not.toMatch(/type="email"/);
    expectNoStackTrace(page);
    expect((await verify(project, code)).status).toBe(409);
  });

  it('state is optional: the redirect then carries no state', async () => {
    const wf = await createWorkflow(project);
    const { url, sessionId } = await createSession(wf.workflowKey);
    const { target, code } = await hostedSignIn(url, randomEmail('nostate'));
    expect(target.searchParams.get('sessionId')).toBe(sessionId);
    expect(target.searchParams.get('code')).toBe(code);
    expect(target.searchParams.has('state')).toBe(false);
  });

  it('sign_in with an existing user: the link signs that user in', async () => {
    const email = randomEmail('signin');
    const user = await makeUser(project, email);
    const wf = await createWorkflow(project, { policyId: 'sign_in' });
    const { url, sessionId } = await createSession(wf.workflowKey, 'si');
    const { target, code } = await hostedSignIn(url, email);
    expect(target.searchParams.get('sessionId')).toBe(sessionId);
    const verified = await verify(project, code);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data.user).toMatchObject({ emailAddress: email, userHash: user.userHash });
  });

  it('sign_in with an unknown address: the very same "check your email" page, and no email', async () => {
    const wf = await createWorkflow(project, { policyId: 'sign_in' });
    const known = randomEmail('known');
    await makeUser(project, known);
    const unknown = randomEmail('unknown');

    const a = await createSession(wf.workflowKey);
    const b = await createSession(wf.workflowKey);
    const knownSubmit = await submitHostedForm(a.url, known);
    const unknownSubmit = await submitHostedForm(b.url, unknown);
    expect(new URL(unknownSubmit.location).search.replace(b.sessionId, 'ID')).toBe(
      new URL(knownSubmit.location).search.replace(a.sessionId, 'ID'),
    );

    const knownPage = await getPage(knownSubmit.location, knownSubmit.cookie);
    const unknownPage = await getPage(unknownSubmit.location, unknownSubmit.cookie);
    expect(unknownPage.status).toBe(knownPage.status);
    expect(unknownPage.text).toMatch(/check your email/i);
    expect(unknownPage.text).toContain(unknown);
    expect(unknownPage.text.replaceAll(unknown, 'EMAIL')).toBe(knownPage.text.replaceAll(known, 'EMAIL'));

    expect(await mailbox(unknown)).toHaveLength(0);
    expect(await mailbox(known)).toHaveLength(2); // makeUser's + this one
    // No user was made for the unknown address either.
    const [row] =
      await sql`select count(*)::int as n from users where project_id = ${project.id} and email = ${unknown}`;
    expect(row!.n).toBe(0);
  });

  it('sign_up with an existing user simply signs them in; with a new address it registers', async () => {
    const wf = await createWorkflow(project, { policyId: 'sign_up' });
    const existing = randomEmail('signup-existing');
    const user = await makeUser(project, existing);
    const s1 = await createSession(wf.workflowKey);
    const one = await hostedSignIn(s1.url, existing);
    const v1 = await verify(project, one.code);
    expect(v1.status, v1.text).toBe(200);
    expect(v1.data.user.userHash).toBe(user.userHash);

    const fresh = randomEmail('signup-new');
    const s2 = await createSession(wf.workflowKey);
    const two = await hostedSignIn(s2.url, fresh);
    const v2 = await verify(project, two.code);
    expect(v2.status, v2.text).toBe(200);
    expect(v2.data.user.emailAddress).toBe(fresh);
  });

  it('an invalid address comes back to the form with an error tied to the field, and sends nothing', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const [before] = await sql`select count(*)::int as n from email_messages`;
    const submitted = await submitHostedForm(url, 'not-an-email');
    const page = await getPage(submitted.location, submitted.cookie);
    expect(page.status).toBe(200);
    const input = page.html.match(/<input\b[^>]*\btype="email"[^>]*>/)?.[0] ?? '';
    expect(input).toMatch(/aria-invalid="true"/);
    const describedBy = input.match(/aria-describedby="([^"]+)"/)?.[1];
    expect(describedBy, 'the error is tied to the field').toBeDefined();
    expect(page.html).toMatch(new RegExp(`id="${describedBy}"[^>]*>[^<]*valid email`, 'i'));
    const [after] = await sql`select count(*)::int as n from email_messages`;
    expect(after!.n).toBe(before!.n);
  });

  it('"send the email again" sends another link for the same session', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const email = randomEmail('resend');
    const first = await submitHostedForm(url, email);
    // The "check your email" page's own form (the resend button) posts the address again.
    const again = await submitHostedForm(first.location, email, first.cookie);
    const page = await getPage(again.location, again.cookie || first.cookie);
    expect(page.text).toMatch(/check your email/i);
    expect((await mailbox(email)).length).toBe(2);
  });

  it('an expired session sends nothing', async () => {
    const wf = await createWorkflow(project);
    const { url, sessionId } = await createSession(wf.workflowKey);
    const page = await getPage(url);
    await sql`update hosted_logins set expires_at = now() - interval '1 second' where id = ${sessionId}`;
    // Post the form that was loaded while the session was still valid.
    const email = randomEmail('late');
    const res = await postForm(`${app.url}/uauth/submit`, formFields(page.html, email));
    expect(res.status).toBeLessThan(500);
    expect(await mailbox(email)).toHaveLength(0);
    const after = await getPage(url);
    expect(after.text).toMatch(/expired/i);
  });

  it('a completed session sends nothing more', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const page = await getPage(url);
    const first = await hostedSignIn(url, randomEmail('first'));
    expect((await verify(project, first.code)).status).toBe(200);

    const email = randomEmail('after-complete');
    const res = await postForm(`${app.url}/uauth/submit`, formFields(page.html, email));
    expect(res.status).toBeLessThan(500);
    expect(await mailbox(email)).toHaveLength(0);
  });

  it('a session completes once: a second link of the same session no longer signs anyone in', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const email = randomEmail('twice');
    const first = await submitHostedForm(url, email);
    await submitHostedForm(first.location, email, first.cookie);
    const links = (await mailbox(email)).map((m) =>
      codeOfLink(m.links.find((l: string) => l.startsWith(`${app.url}/l/`))),
    );
    expect(links).toHaveLength(2);
    const [newer, older] = links as [string, string];
    expect((await verify(project, older)).status).toBe(200);
    const second = await verify(project, newer);
    expect(second.status).toBe(409);
    expect(second.data.code).toBe('challenge_used');
  });

  it('sessions of a deleted workflow send nothing', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const page = await getPage(url);
    expect(
      (await api(app.url, 'DELETE', `${workflowsPath(project.id)}/${wf.workflowKey}`, { headers: keyHeader() })).status,
    ).toBe(204);
    const email = randomEmail('deleted-wf');
    const res = await postForm(`${app.url}/uauth/submit`, formFields(page.html, email));
    expect(res.status).toBeLessThan(500);
    expect(await mailbox(email)).toHaveLength(0);
  });
});

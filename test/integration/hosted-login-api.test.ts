// Hosted logins through the REST API, with the organization secret key: an app's server
// starts one with POST /api/uauth/session (getSessionUrl = APP_URL/uauth?sessionId=…) and
// reads it with GET /api/uauth/session/{sessionId}; credentials, validation, lifetime
// (30 minutes) and isolation between organizations. Against the built app (next start +
// a fresh PostgreSQL database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createProject as createProjectWith,
  secretKeyHeader,
  setupProject,
  type TestProject,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import {
  createWorkflow as createWorkflowWith,
  startHostedLogin,
  type Workflow,
  workflowsPath,
} from '../support/hosted';
import { connect } from '../support/postgres';
import { expectFieldError, expectIso, expectProblem } from '../support/problem';

let app: AppServer;
let sql: ReturnType<typeof connect>;
let secretToken: string; // organization A
let project: TestProject; // A's project
let otherSecretToken: string; // organization B
let otherProject: TestProject; // B's project

beforeAll(async () => {
  app = await startApp();
  sql = connect(app.databaseUrl!);
  ({ secretToken, project } = await setupProject(app, { name: 'Workflow Test Co' }));
  ({ secretToken: otherSecretToken, project: otherProject } = await setupProject(app, { name: 'Other Org App' }));
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

const keyHeader = (token = secretToken) => secretKeyHeader(token);
const createProject = (overrides: Record<string, unknown> = {}) => createProjectWith(app.url, secretToken, overrides);
const createWorkflow = (p: TestProject = project, body: Record<string, unknown> = {}, token = secretToken) =>
  createWorkflowWith(app.url, token, p, body);
const postSession = (body: unknown, headers: Record<string, string> = keyHeader()) =>
  api(app.url, 'POST', '/api/uauth/session', { headers, body });
const createSession = (workflowKey: string, state?: string) =>
  startHostedLogin(app.url, secretToken, workflowKey, state);
const getSession = (sessionId: string, token = secretToken) =>
  api(app.url, 'GET', `/api/uauth/session/${sessionId}`, { headers: keyHeader(token) });

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
    // A client token is not an organization key: a known credential that may not do this.
    expectProblem(await postSession(body, keyHeader(project.clientToken)), 403, 'forbidden');
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

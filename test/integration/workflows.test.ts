// Workflows of a project — a project's configuration of hosted logins (policy,
// clientRedirectUrl) — through /api/projects/{projectId}/workflows with the organization
// secret key: create, list, read, replace, delete, validation (no open redirects) and
// isolation between organizations and projects. Against the built app (next start + a
// fresh PostgreSQL database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createProject as createProjectWith,
  secretKeyHeader,
  setupProject,
  type TestProject,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createWorkflow as createWorkflowWith, type Workflow, workflowsPath } from '../support/hosted';
import { expectFieldError, expectIso, expectProblem } from '../support/problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let app: AppServer;
let secretToken: string; // organization A
let project: TestProject; // A's project: allowedOrigin http://localhost:4321, redirectUrl http://localhost:4321/callback
let otherSecretToken: string; // organization B
let otherProject: TestProject; // B's project

beforeAll(async () => {
  app = await startApp();
  ({ secretToken, project } = await setupProject(app, { name: 'Workflow Test Co' }));
  ({ secretToken: otherSecretToken, project: otherProject } = await setupProject(app, { name: 'Other Org App' }));
});
afterAll(async () => {
  await app?.stop();
});

const keyHeader = (token = secretToken) => secretKeyHeader(token);
const createProject = (overrides: Record<string, unknown> = {}) => createProjectWith(app.url, secretToken, overrides);
const createWorkflow = (p: TestProject = project, body: Record<string, unknown> = {}, token = secretToken) =>
  createWorkflowWith(app.url, token, p, body);
const postWorkflow = (p: TestProject, body: unknown, token = secretToken) =>
  api<Workflow>(app.url, 'POST', workflowsPath(p.id), { headers: keyHeader(token), body });

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

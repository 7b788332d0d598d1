// Limits real apps can live with: at most MAX_PROJECTS_PER_ORGANIZATION projects per
// organization (409 limit_reached, race-safe, shown by the dashboard's form too), and
// bounded lists — GET /api/projects and GET /api/projects/{id}/workflows answer pages of
// `limit` (1–100, default 100) with X-Next-Cursor and Link: rel="next" while more remain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, createOrganization, randomEmail, secretKeyHeader } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { signIn, submitForm } from '../support/dashboard';
import { expectProblem } from '../support/problem';

const MAX = 4;
let app: AppServer;

beforeAll(async () => {
  app = await startApp({ env: { MAX_PROJECTS_PER_ORGANIZATION: String(MAX) } });
});
afterAll(async () => {
  await app?.stop();
});

const organization = async () => secretKeyHeader((await createOrganization(app, { name: 'Limits Org' })).secretToken);

function createProject(headers: Record<string, string>, name: string) {
  return api(app.url, 'POST', '/api/projects', {
    headers,
    body: { name, allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/callback' },
  });
}

/** 400 validation_failed naming exactly that one field. */
function expectValidation(res: ApiResponse, field: string) {
  expectProblem(res, 400, 'validation_failed');
  expect(res.data.errors).toEqual([expect.objectContaining({ path: field, message: expect.any(String) })]);
}

describe('MAX_PROJECTS_PER_ORGANIZATION', () => {
  it('the project beyond the limit answers 409 limit_reached with a clear detail; deleting one frees a place', async () => {
    const headers = await organization();
    const ids: string[] = [];
    for (let i = 0; i < MAX; i++) {
      const res = await createProject(headers, `App ${i}`);
      expect(res.status, res.text).toBe(201);
      ids.push(res.data.id);
    }
    const refused = await createProject(headers, 'One too many');
    expectProblem(refused, 409, 'limit_reached');
    expect(refused.data.detail).toContain(`${MAX} projects`);
    expect((await api(app.url, 'GET', '/api/projects', { headers })).data).toHaveLength(MAX);

    // another organization is not affected
    expect((await createProject(await organization(), 'Elsewhere')).status).toBe(201);

    expect((await api(app.url, 'DELETE', `/api/projects/${ids[0]}`, { headers })).status).toBe(204);
    expect((await createProject(headers, 'In the freed place')).status).toBe(201);
    expect((await createProject(headers, 'Still too many')).status).toBe(409);
  });

  it('concurrent creates at the limit: only the free places are taken', async () => {
    const headers = await organization();
    for (let i = 0; i < MAX - 1; i++) expect((await createProject(headers, `App ${i}`)).status).toBe(201);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => createProject(headers, `Racer ${i}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect((await api(app.url, 'GET', '/api/projects', { headers })).data).toHaveLength(MAX);
  });

  it("the dashboard's create-project form shows the message", async () => {
    const { jar } = await signIn(app.url, randomEmail('dash'));
    const fields = (name: string) => ({
      name,
      allowedOrigin: 'http://localhost:5173',
      redirectUrl: 'http://localhost:5173/callback',
      sessionValidSeconds: '',
      logoUrl: '',
    });
    for (let i = 0; i < MAX; i++) {
      const created = await submitForm(app.url, jar, '/dashboard', 'create-project', fields(`Dash ${i}`));
      expect(created.status, created.text.slice(0, 300)).toBe(303);
    }
    const refused = await submitForm(app.url, jar, '/dashboard', 'create-project', fields('Dash too many'));
    expect(refused.status).toBe(200);
    expect(refused.text).toContain(`already has ${MAX} projects`);
  });
});

describe('pages of GET /api/projects', () => {
  let headers: Record<string, string>;
  let all: string[];
  beforeAll(async () => {
    headers = await organization();
    all = [];
    for (let i = 0; i < MAX; i++) all.push((await createProject(headers, `Page ${i}`)).data.id);
  });

  it('without parameters: every project, oldest first, no next page', async () => {
    const res = await api(app.url, 'GET', '/api/projects', { headers });
    expect(res.status, res.text).toBe(200);
    expect(res.data.map((p: { id: string }) => p.id)).toEqual(all);
    expect(res.headers.get('x-next-cursor')).toBeNull();
    expect(res.headers.get('link')).toBeNull();
  });

  it('limit and cursor walk the list; X-Next-Cursor and Link name the next page until the last', async () => {
    const seen: string[] = [];
    let path = '/api/projects?limit=3';
    const first = await api(app.url, 'GET', path, { headers });
    expect(first.status, first.text).toBe(200);
    expect(Array.isArray(first.data)).toBe(true);
    expect(first.data).toHaveLength(3);
    seen.push(...first.data.map((p: { id: string }) => p.id));
    const cursor = first.headers.get('x-next-cursor');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first.headers.get('link')).toBe(`</api/projects?limit=3&cursor=${cursor}>; rel="next"`);
    path = first.headers.get('link')!.match(/^<([^>]+)>/)![1]!;

    const second = await api(app.url, 'GET', path, { headers });
    expect(second.status, second.text).toBe(200);
    seen.push(...second.data.map((p: { id: string }) => p.id));
    expect(second.headers.get('x-next-cursor')).toBeNull();
    expect(second.headers.get('link')).toBeNull();
    expect(seen).toEqual(all);
  });

  it('limit=1 pages one by one; the secret key never goes into the Link', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const token = headers['x-upid-organization-key']!;
    do {
      const res: ApiResponse = await api(
        app.url,
        'GET',
        `/api/projects?limit=1&secretToken=${encodeURIComponent(token)}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status, res.text).toBe(200);
      expect(res.data).toHaveLength(1);
      seen.push(res.data[0].id);
      cursor = res.headers.get('x-next-cursor');
      expect(res.headers.get('link') ?? '').not.toContain('sk_');
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it.each([['0'], ['101'], ['-1'], ['ten'], ['1.5'], ['']])('limit=%s → 400 naming limit', async (limit) => {
    expectValidation(await api(app.url, 'GET', `/api/projects?limit=${limit}`, { headers }), 'limit');
  });

  it('a made-up cursor, or a cursor of another organization, → 400 naming cursor', async () => {
    for (const cursor of [
      'nope',
      'bm90LWEtY3Vyc29y',
      Buffer.from(`after:${crypto.randomUUID()}`).toString('base64url'),
    ]) {
      expectValidation(await api(app.url, 'GET', `/api/projects?cursor=${cursor}`, { headers }), 'cursor');
    }
    const other = await organization();
    await createProject(other, 'Other 1');
    await createProject(other, 'Other 2');
    const theirs = await api(app.url, 'GET', '/api/projects?limit=1', { headers: other });
    const theirCursor = theirs.headers.get('x-next-cursor');
    expect(theirCursor).toBeTruthy();
    expectValidation(await api(app.url, 'GET', `/api/projects?cursor=${theirCursor}`, { headers }), 'cursor');
  });
});

describe('pages of GET /api/projects/{id}/workflows', () => {
  it('limit, cursor, X-Next-Cursor and Link; 400 for a bad limit or a cursor of another project', async () => {
    const headers = await organization();
    const project = (await createProject(headers, 'Workflows')).data;
    const other = (await createProject(headers, 'Other workflows')).data;
    const base = `/api/projects/${project.id}/workflows`;
    const keys: string[] = [];
    for (let i = 0; i < 5; i++) {
      const wf = await api(app.url, 'POST', base, {
        headers,
        body: { policyId: 'sign_up_sign_in', clientRedirectUrl: 'http://localhost:4321/done', name: `wf ${i}` },
      });
      expect(wf.status, wf.text).toBe(201);
      keys.push(wf.data.workflowKey);
    }
    const otherWf = await api(app.url, 'POST', `/api/projects/${other.id}/workflows`, {
      headers,
      body: { policyId: 'sign_in', clientRedirectUrl: 'http://localhost:4321/done' },
    });
    expect(otherWf.status).toBe(201);
    await api(app.url, 'POST', `/api/projects/${other.id}/workflows`, {
      headers,
      body: { policyId: 'sign_in', clientRedirectUrl: 'http://localhost:4321/done' },
    });

    const all = await api(app.url, 'GET', base, { headers });
    expect(all.data.map((w: { workflowKey: string }) => w.workflowKey)).toEqual(keys);
    expect(all.headers.get('x-next-cursor')).toBeNull();

    const seen: string[] = [];
    let path: string | null = `${base}?limit=2`;
    let pages = 0;
    while (path) {
      const res: ApiResponse = await api(app.url, 'GET', path, { headers });
      expect(res.status, res.text).toBe(200);
      seen.push(...res.data.map((w: { workflowKey: string }) => w.workflowKey));
      const link = res.headers.get('link');
      const cursor = res.headers.get('x-next-cursor');
      expect(link === null).toBe(cursor === null);
      if (link) expect(link).toBe(`<${base}?limit=2&cursor=${cursor}>; rel="next"`);
      path = link ? link.match(/^<([^>]+)>/)![1]! : null;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(keys);

    expectValidation(await api(app.url, 'GET', `${base}?limit=1000`, { headers }), 'limit');
    const otherPage = await api(app.url, 'GET', `/api/projects/${other.id}/workflows?limit=1`, { headers });
    const otherCursor = otherPage.headers.get('x-next-cursor');
    expect(otherCursor).toBeTruthy();
    expectValidation(await api(app.url, 'GET', `${base}?cursor=${otherCursor}`, { headers }), 'cursor');
  });
});

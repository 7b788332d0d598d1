// Projects (docs/API.md, "Projects"): secret-key transports, CRUD, tenant isolation,
// path validation and the CreateProjectDto validation table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createOrganization, randomEmail, secretKeyHeader, signInUser } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { expectFieldError, expectProblem } from '../support/problem';

let app: AppServer;
let keyA: string;
let keyB: string;

const base = {
  name: 'Projects Test',
  allowedOrigin: 'https://app.example.com',
  redirectUrl: 'https://app.example.com/callback',
};

const createOrg = async (name: string) => (await createOrganization(app, { name })).secretToken;
const as = secretKeyHeader;

async function create(key: string, body: Record<string, unknown> = {}) {
  return api(app.url, 'POST', '/api/projects', { headers: as(key), body: { ...base, ...body } });
}

/** Sends a magic link and verifies it: the session code of a fresh session. */
const signIn = async (project: { id: string; clientToken: string }) =>
  (await signInUser(app.url, project, randomEmail('proj'))).sessionCode;

beforeAll(async () => {
  app = await startApp();
  [keyA, keyB] = await Promise.all([createOrg('Org A'), createOrg('Org B')]);
});
afterAll(async () => {
  await app?.stop();
});

describe('secret key transports', () => {
  it('accepts the key as x-upid-organization-key header', async () => {
    const res = await api(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': keyA } });
    expect(res.status, res.text).toBe(200);
    expect(Array.isArray(res.data)).toBe(true);
  });

  it('accepts the key as Authorization: Bearer', async () => {
    const res = await api(app.url, 'GET', '/api/projects', { headers: { authorization: `Bearer ${keyA}` } });
    expect(res.status, res.text).toBe(200);
    expect(Array.isArray(res.data)).toBe(true);
  });

  it('accepts the key as the secretToken query parameter', async () => {
    const res = await api(app.url, 'GET', `/api/projects?secretToken=${encodeURIComponent(keyA)}`);
    expect(res.status, res.text).toBe(200);
    expect(Array.isArray(res.data)).toBe(true);
  });

  it('all three transports act for the same organization', async () => {
    const created = await create(keyA, { name: 'transport check' });
    expect(created.status, created.text).toBe(201);
    const id = created.data.id;
    for (const res of [
      await api(app.url, 'GET', `/api/projects/${id}`, { headers: { 'x-upid-organization-key': keyA } }),
      await api(app.url, 'GET', `/api/projects/${id}`, { headers: { authorization: `Bearer ${keyA}` } }),
      await api(app.url, 'GET', `/api/projects/${id}?secretToken=${encodeURIComponent(keyA)}`),
    ]) {
      expect(res.status, res.text).toBe(200);
      expect(res.data.id).toBe(id);
    }
  });

  it('no key → 401 problem JSON', async () => {
    expectProblem(await api(app.url, 'GET', '/api/projects'), 401);
    expectProblem(await api(app.url, 'POST', '/api/projects', { body: base }), 401);
  });

  it('unknown key → 401 problem JSON, on every transport', async () => {
    const unknown = `sk_${'A'.repeat(43)}`;
    expectProblem(await api(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': unknown } }), 401);
    expectProblem(await api(app.url, 'GET', '/api/projects', { headers: { authorization: `Bearer ${unknown}` } }), 401);
    expectProblem(await api(app.url, 'GET', `/api/projects?secretToken=${unknown}`), 401);
    expectProblem(await api(app.url, 'GET', '/api/projects', { headers: { authorization: 'Bearer garbage' } }), 401);
  });

  it('a client token is not a secret key → 403 (a known credential that may not do this)', async () => {
    const created = await create(keyA);
    expect(created.status).toBe(201);
    expectProblem(
      await api(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': created.data.clientToken } }),
      403,
      'forbidden',
    );
  });
});

describe('project CRUD', () => {
  it('POST → 201 with every ProjectDto field and defaults', async () => {
    const before = Date.now();
    const res = await create(keyA, { name: 'Full DTO' });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
    const p = res.data;
    for (const field of [
      'id',
      'name',
      'allowedOrigin',
      'redirectUrl',
      'emailTemplate',
      'emailSubject',
      'logoUrl',
      'createdAt',
      'updatedAt',
      'sessionValidSeconds',
      'clientToken',
    ]) {
      expect(p, `missing ${field}`).toHaveProperty(field);
    }
    expect(p.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(p.name).toBe('Full DTO');
    expect(p.allowedOrigin).toBe('https://app.example.com');
    expect(p.redirectUrl).toBe('https://app.example.com/callback');
    expect(p.sessionValidSeconds).toBe(3600);
    expect(p.clientToken).toMatch(/^ck_[A-Za-z0-9_-]{24,}$/);
    expect(Number.isNaN(Date.parse(p.createdAt))).toBe(false);
    expect(Number.isNaN(Date.parse(p.updatedAt))).toBe(false);
    expect(Date.parse(p.createdAt)).toBeGreaterThanOrEqual(before - 5_000);
    expect(Date.parse(p.createdAt)).toBeLessThanOrEqual(Date.now() + 5_000);
    // Secrets of the organization/project internals never leak into the DTO.
    expect(res.text).not.toMatch(/userHashKey|user_hash_key|organizationId|deletedAt/);
  });

  it('POST keeps the optional fields it was given', async () => {
    const res = await create(keyA, {
      name: 'With options',
      sessionValidSeconds: 120,
      emailSubject: 'Sign in to {{projectName}}',
      emailTemplate: '<p>Hi <a href="{{link}}">sign in</a></p>',
      logoUrl: 'https://cdn.example.com/logo.png',
    });
    expect(res.status, res.text).toBe(201);
    expect(res.data).toMatchObject({
      sessionValidSeconds: 120,
      emailSubject: 'Sign in to {{projectName}}',
      emailTemplate: '<p>Hi <a href="{{link}}">sign in</a></p>',
      logoUrl: 'https://cdn.example.com/logo.png',
    });
  });

  it('each project gets its own id and client token', async () => {
    const [a, b] = await Promise.all([create(keyA), create(keyA)]);
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.data.id).not.toBe(b.data.id);
    expect(a.data.clientToken).not.toBe(b.data.clientToken);
  });

  it('GET list contains the created project, GET one returns it', async () => {
    const created = await create(keyA, { name: 'Listed' });
    expect(created.status).toBe(201);
    const list = await api(app.url, 'GET', '/api/projects', { headers: as(keyA) });
    expect(list.status).toBe(200);
    expect(Array.isArray(list.data)).toBe(true);
    const found = list.data.find((p: { id: string }) => p.id === created.data.id);
    expect(found).toEqual(created.data);

    const one = await api(app.url, 'GET', `/api/projects/${created.data.id}`, { headers: as(keyA) });
    expect(one.status, one.text).toBe(200);
    expect(one.data).toEqual(created.data);
    // UUIDs are case-insensitive (RFC 9562): the upper-case form names the same project.
    const upper = await api(app.url, 'GET', `/api/projects/${created.data.id.toUpperCase()}`, { headers: as(keyA) });
    expect(upper.status, upper.text).toBe(200);
    expect(upper.data.id).toBe(created.data.id);
  });

  it('PUT replaces: 200, updatedAt changes, clientToken unchanged, omitted optionals return to default', async () => {
    const defaults = await create(keyA, { name: 'Defaults reference' });
    expect(defaults.status).toBe(201);
    const created = await create(keyA, {
      name: 'Before PUT',
      sessionValidSeconds: 7200,
      emailSubject: 'Custom subject',
      emailTemplate: '<a href="{{link}}">go</a>',
      logoUrl: 'https://cdn.example.com/a.png',
    });
    expect(created.status, created.text).toBe(201);
    await new Promise((r) => setTimeout(r, 20));

    const put = await api(app.url, 'PUT', `/api/projects/${created.data.id}`, {
      headers: as(keyA),
      body: {
        name: 'After PUT',
        allowedOrigin: 'http://localhost:5173',
        redirectUrl: 'http://localhost:5173/done?x=1',
      },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.data.id).toBe(created.data.id);
    expect(put.data.name).toBe('After PUT');
    expect(put.data.allowedOrigin).toBe('http://localhost:5173');
    expect(put.data.redirectUrl).toBe('http://localhost:5173/done?x=1');
    expect(put.data.clientToken).toBe(created.data.clientToken);
    expect(put.data.createdAt).toBe(created.data.createdAt);
    expect(put.data.updatedAt).not.toBe(created.data.updatedAt);
    expect(Date.parse(put.data.updatedAt)).toBeGreaterThan(Date.parse(created.data.updatedAt));
    // Omitted optional fields return to their defaults (what a fresh project gets).
    expect(put.data.sessionValidSeconds).toBe(3600);
    expect(put.data.emailSubject).toEqual(defaults.data.emailSubject);
    expect(put.data.emailTemplate).toEqual(defaults.data.emailTemplate);
    expect(put.data.logoUrl).toEqual(defaults.data.logoUrl);

    const again = await api(app.url, 'GET', `/api/projects/${created.data.id}`, { headers: as(keyA) });
    expect(again.status).toBe(200);
    expect(again.data).toEqual(put.data);
  });

  it('PUT validates its body like POST', async () => {
    const created = await create(keyA);
    expect(created.status).toBe(201);
    const res = await api(app.url, 'PUT', `/api/projects/${created.data.id}`, {
      headers: as(keyA),
      body: { ...base, allowedOrigin: 'https://app.example.com/path' },
    });
    expectFieldError(res, 'allowedOrigin');
    const missing = await api(app.url, 'PUT', `/api/projects/${created.data.id}`, {
      headers: as(keyA),
      body: { name: 'x' },
    });
    expectFieldError(missing, 'allowedOrigin');
    expectFieldError(missing, 'redirectUrl');
    const unchanged = await api(app.url, 'GET', `/api/projects/${created.data.id}`, { headers: as(keyA) });
    expect(unchanged.data).toEqual(created.data);
  });

  it('DELETE → 204, then GET/PUT/DELETE 404, gone from the list, client token and sessions stop working', async () => {
    const created = await create(keyA, {
      name: 'To delete',
      allowedOrigin: 'http://localhost:4321',
      redirectUrl: 'http://localhost:4321/cb',
    });
    expect(created.status).toBe(201);
    const project = created.data;
    const sessionCode = await signIn(project);
    const q = `projectId=${project.id}&clientToken=${encodeURIComponent(project.clientToken)}`;
    const live = await api(app.url, 'GET', `/api/session?${q}&sessionCode=${encodeURIComponent(sessionCode)}`);
    expect(live.status, live.text).toBe(200);
    expect(live.data.status).toBe('active');

    const del = await api(app.url, 'DELETE', `/api/projects/${project.id}`, { headers: as(keyA) });
    expect(del.status, del.text).toBe(204);
    expect(del.text).toBe('');

    expectProblem(await api(app.url, 'GET', `/api/projects/${project.id}`, { headers: as(keyA) }), 404);
    expectProblem(await api(app.url, 'PUT', `/api/projects/${project.id}`, { headers: as(keyA), body: base }), 404);
    expectProblem(await api(app.url, 'DELETE', `/api/projects/${project.id}`, { headers: as(keyA) }), 404);
    const list = await api(app.url, 'GET', '/api/projects', { headers: as(keyA) });
    expect(list.data.map((p: { id: string }) => p.id)).not.toContain(project.id);

    const send = await api(
      app.url,
      'POST',
      `/api/challenge/send?${q}&emailAddress=${encodeURIComponent(randomEmail())}`,
    );
    expect([401, 404], send.text).toContain(send.status);
    expect(send.headers.get('content-type') ?? '').toMatch(/^application\/problem\+json/);

    const session = await api(app.url, 'GET', `/api/session?${q}&sessionCode=${encodeURIComponent(sessionCode)}`);
    expect([401, 403, 404], session.text).toContain(session.status);
    const user = await api(app.url, 'GET', `/api/user?${q}&sessionCode=${encodeURIComponent(sessionCode)}`);
    expect([401, 403, 404], user.text).toContain(user.status);
  });
});

describe('tenant isolation', () => {
  it("organization B gets 404 (not 403) on A's project and does not list it", async () => {
    const created = await create(keyA, { name: 'A only' });
    expect(created.status).toBe(201);
    const id = created.data.id;

    expectProblem(await api(app.url, 'GET', `/api/projects/${id}`, { headers: as(keyB) }), 404);
    expectProblem(
      await api(app.url, 'PUT', `/api/projects/${id}`, { headers: as(keyB), body: { ...base, name: 'hijacked' } }),
      404,
    );
    expectProblem(await api(app.url, 'DELETE', `/api/projects/${id}`, { headers: as(keyB) }), 404);
    // Other transports, same answer.
    expectProblem(
      await api(app.url, 'GET', `/api/projects/${id}`, { headers: { authorization: `Bearer ${keyB}` } }),
      404,
    );
    expectProblem(await api(app.url, 'GET', `/api/projects/${id}?secretToken=${encodeURIComponent(keyB)}`), 404);

    const listB = await api(app.url, 'GET', '/api/projects', { headers: as(keyB) });
    expect(listB.status).toBe(200);
    expect(listB.data.map((p: { id: string }) => p.id)).not.toContain(id);

    // A's project is untouched.
    const still = await api(app.url, 'GET', `/api/projects/${id}`, { headers: as(keyA) });
    expect(still.status).toBe(200);
    expect(still.data).toEqual(created.data);
  });

  it("B's own projects are not in A's list", async () => {
    const b = await create(keyB, { name: 'B only' });
    expect(b.status).toBe(201);
    const listA = await api(app.url, 'GET', '/api/projects', { headers: as(keyA) });
    expect(listA.data.map((p: { id: string }) => p.id)).not.toContain(b.data.id);
    const listB = await api(app.url, 'GET', '/api/projects', { headers: as(keyB) });
    expect(listB.data.map((p: { id: string }) => p.id)).toContain(b.data.id);
  });
});

describe('project id in the path', () => {
  for (const bad of ['not-a-uuid', '123', '00000000-0000-0000-0000-00000000000g', "1'%20or%20'1'='1"]) {
    it(`${bad} → 400 on GET, PUT and DELETE`, async () => {
      expectProblem(await api(app.url, 'GET', `/api/projects/${bad}`, { headers: as(keyA) }), 400);
      expectProblem(await api(app.url, 'PUT', `/api/projects/${bad}`, { headers: as(keyA), body: base }), 400);
      expectProblem(await api(app.url, 'DELETE', `/api/projects/${bad}`, { headers: as(keyA) }), 400);
    });
  }

  it('a random valid uuid → 404 on GET, PUT and DELETE', async () => {
    const id = crypto.randomUUID();
    expectProblem(await api(app.url, 'GET', `/api/projects/${id}`, { headers: as(keyA) }), 404);
    expectProblem(await api(app.url, 'PUT', `/api/projects/${id}`, { headers: as(keyA), body: base }), 404);
    expectProblem(await api(app.url, 'DELETE', `/api/projects/${id}`, { headers: as(keyA) }), 404);
  });
});

describe('CreateProjectDto validation', () => {
  const rejected: Array<[string, Record<string, unknown>, string]> = [
    ['name missing', { name: undefined }, 'name'],
    ['name empty', { name: '' }, 'name'],
    ['name 101 chars', { name: 'n'.repeat(101) }, 'name'],
    ['name not a string', { name: 42 }, 'name'],
    ['allowedOrigin missing', { allowedOrigin: undefined }, 'allowedOrigin'],
    ['allowedOrigin with a path', { allowedOrigin: 'https://a.example.com/app' }, 'allowedOrigin'],
    ['allowedOrigin with a query', { allowedOrigin: 'https://a.example.com?x=1' }, 'allowedOrigin'],
    ['allowedOrigin with ftp scheme', { allowedOrigin: 'ftp://a.example.com' }, 'allowedOrigin'],
    ['allowedOrigin http on a non-local host', { allowedOrigin: 'http://a.example.com' }, 'allowedOrigin'],
    ['allowedOrigin garbage', { allowedOrigin: 'not an origin' }, 'allowedOrigin'],
    ['redirectUrl missing', { redirectUrl: undefined }, 'redirectUrl'],
    ['redirectUrl relative', { redirectUrl: '/callback' }, 'redirectUrl'],
    ['redirectUrl with a fragment', { redirectUrl: 'https://app.example.com/cb#frag' }, 'redirectUrl'],
    ['redirectUrl http on a non-local host', { redirectUrl: 'http://app.example.com/cb' }, 'redirectUrl'],
    ['redirectUrl javascript:', { redirectUrl: 'javascript:alert(1)' }, 'redirectUrl'],
    ['sessionValidSeconds 59', { sessionValidSeconds: 59 }, 'sessionValidSeconds'],
    ['sessionValidSeconds 31536001', { sessionValidSeconds: 31_536_001 }, 'sessionValidSeconds'],
    ['sessionValidSeconds 1.5', { sessionValidSeconds: 1.5 }, 'sessionValidSeconds'],
    ['sessionValidSeconds "3600" (string)', { sessionValidSeconds: '3600' }, 'sessionValidSeconds'],
    ['emailSubject 201 chars', { emailSubject: 's'.repeat(201) }, 'emailSubject'],
    ['emailSubject with \\n', { emailSubject: 'Hello\nBcc: evil@example.com' }, 'emailSubject'],
    ['emailSubject with \\r', { emailSubject: 'Hello\rWorld' }, 'emailSubject'],
    ['emailTemplate without {{link}}', { emailTemplate: '<p>no link here</p>' }, 'emailTemplate'],
    [
      'emailTemplate over 100 KB',
      { emailTemplate: `<a href="{{link}}">go</a>${'x'.repeat(100 * 1024)}` },
      'emailTemplate',
    ],
    ['logoUrl http:', { logoUrl: 'http://cdn.example.com/logo.png' }, 'logoUrl'],
    ['logoUrl not a URL', { logoUrl: 'logo.png' }, 'logoUrl'],
  ];

  for (const [label, override, field] of rejected) {
    it(`rejects ${label} → 400 naming ${field}`, async () => {
      const body: Record<string, unknown> = { ...base, ...override };
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      const res = await api(app.url, 'POST', '/api/projects', { headers: as(keyA), body });
      expectFieldError(res, field);
    });
  }

  it('reports every bad field at once', async () => {
    const res = await api(app.url, 'POST', '/api/projects', {
      headers: as(keyA),
      body: { name: '', allowedOrigin: 'ftp://x', redirectUrl: '/rel', sessionValidSeconds: 1 },
    });
    for (const field of ['name', 'allowedOrigin', 'redirectUrl', 'sessionValidSeconds']) expectFieldError(res, field);
  });

  const accepted: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    [
      'allowedOrigin http://localhost:3000',
      { allowedOrigin: 'http://localhost:3000' },
      { allowedOrigin: 'http://localhost:3000' },
    ],
    [
      'allowedOrigin http://127.0.0.1:8080',
      { allowedOrigin: 'http://127.0.0.1:8080' },
      { allowedOrigin: 'http://127.0.0.1:8080' },
    ],
    [
      'allowedOrigin https://a.example.com:8443',
      { allowedOrigin: 'https://a.example.com:8443' },
      { allowedOrigin: 'https://a.example.com:8443' },
    ],
    [
      'redirectUrl http on localhost',
      { redirectUrl: 'http://localhost:3000/cb' },
      { redirectUrl: 'http://localhost:3000/cb' },
    ],
    [
      'redirectUrl with a query',
      { redirectUrl: 'https://app.example.com/cb?tab=1' },
      { redirectUrl: 'https://app.example.com/cb?tab=1' },
    ],
    ['sessionValidSeconds 60', { sessionValidSeconds: 60 }, { sessionValidSeconds: 60 }],
    ['sessionValidSeconds 31536000', { sessionValidSeconds: 31_536_000 }, { sessionValidSeconds: 31_536_000 }],
    ['name of 100 chars', { name: 'n'.repeat(100) }, { name: 'n'.repeat(100) }],
    ['emailSubject of 200 chars', { emailSubject: 's'.repeat(200) }, { emailSubject: 's'.repeat(200) }],
    ['logoUrl https', { logoUrl: 'https://cdn.example.com/l.svg' }, { logoUrl: 'https://cdn.example.com/l.svg' }],
  ];

  for (const [label, override, expected] of accepted) {
    it(`accepts ${label}`, async () => {
      const res = await create(keyA, override);
      expect(res.status, res.text).toBe(201);
      expect(res.data).toMatchObject(expected);
    });
  }

  it('body that is not JSON → 400 problem JSON', async () => {
    const res = await api(app.url, 'POST', '/api/projects', {
      headers: { ...as(keyA), 'content-type': 'application/json' },
      rawBody: '{"name": "x",',
    });
    expectProblem(res, 400);
  });

  it('body that is a JSON array → 400 problem JSON', async () => {
    const res = await api(app.url, 'POST', '/api/projects', {
      headers: { ...as(keyA), 'content-type': 'application/json' },
      rawBody: JSON.stringify([base]),
    });
    expectProblem(res, 400);
  });

  it('body that is a JSON string or null → 400 problem JSON', async () => {
    for (const raw of ['"hello"', 'null', '42']) {
      const res = await api(app.url, 'POST', '/api/projects', {
        headers: { ...as(keyA), 'content-type': 'application/json' },
        rawBody: raw,
      });
      expectProblem(res, 400);
    }
  });

  it('no body at all → 400 naming the required fields', async () => {
    const res = await api(app.url, 'POST', '/api/projects', { headers: as(keyA) });
    expectFieldError(res, 'name');
  });
});

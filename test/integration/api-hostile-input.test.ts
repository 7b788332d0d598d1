// Hostile input never makes /api answer a 5xx: prototype-pollution keys, NUL bytes, SQL
// metacharacters, wrong JSON types, deep nesting and invalid UTF-8 are refused (problem
// JSON) or stored as plain data, and the app stays healthy. Against the built app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, clientQuery, randomEmail, secretKeyHeader, setupProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { expectProblem } from '../support/problem';

let app: AppServer;
let key: string;
let project: { id: string; clientToken: string; name: string };

const base = {
  name: 'Hostile Input Test',
  allowedOrigin: 'http://localhost:4321',
  redirectUrl: 'http://localhost:4321/cb',
};
const auth = () => secretKeyHeader(key);

beforeAll(async () => {
  app = await startApp();
  ({ secretToken: key, project } = await setupProject(app, { name: 'Hostile Input Test' }));
});
afterAll(async () => {
  await app?.stop();
});

function expectNot5xx(res: ApiResponse, label: string) {
  expect(res.status, `${label}: ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) expectProblem(res);
}

describe('hostile input never causes a 5xx', () => {
  it('prototype-pollution keys in a project body', async () => {
    const raw =
      JSON.stringify({ ...base, name: 'Proto test' }).slice(0, -1) +
      ',"__proto__":{"x":1,"isAdmin":true},"constructor":{"prototype":{"y":2}}}';
    const res = await api(app.url, 'POST', '/api/projects', {
      headers: { ...auth(), 'content-type': 'application/json' },
      rawBody: raw,
    });
    expectNot5xx(res, 'POST with __proto__');
    if (res.status === 201) {
      expect(res.data.name).toBe('Proto test');
      expect(res.data).not.toHaveProperty('x');
      expect(res.data).not.toHaveProperty('isAdmin');
    }
    // The server's objects are not polluted afterwards.
    const list = await api(app.url, 'GET', '/api/projects', { headers: auth() });
    expect(list.status).toBe(200);
    for (const p of list.data) {
      expect(p).not.toHaveProperty('x');
      expect(p).not.toHaveProperty('isAdmin');
      expect(p).not.toHaveProperty('y');
    }
  });

  it('__proto__ cannot supply a required field', async () => {
    const raw =
      '{"__proto__":{"name":"polluted","allowedOrigin":"http://localhost:1","redirectUrl":"http://localhost:1/cb"}}';
    const res = await api(app.url, 'POST', '/api/projects', {
      headers: { ...auth(), 'content-type': 'application/json' },
      rawBody: raw,
    });
    expectNot5xx(res, '__proto__ only');
    expect(res.status, res.text).toBe(400);
  });

  it('prototype-pollution keys on the client-token endpoints and in the query', async () => {
    const body = `{"emailAddress":"${randomEmail()}","__proto__":{"projectId":"x"},"constructor":{}}`;
    const send = await api(app.url, 'POST', `/api/challenge/send?${clientQuery(project)}`, {
      headers: { 'content-type': 'application/json' },
      rawBody: body,
    });
    expectNot5xx(send, 'send with __proto__');
    const q = await api(
      app.url,
      'POST',
      `/api/challenge/send?${clientQuery(project)}&emailAddress=${randomEmail()}&__proto__[x]=1&constructor[prototype][y]=2&__proto__=z`,
    );
    expectNot5xx(q, 'send with __proto__ in query');
    const verify = await api(app.url, 'POST', `/api/challenge/verify?${clientQuery(project)}`, {
      headers: { 'content-type': 'application/json' },
      rawBody: '{"__proto__":{"challengeCode":"x"},"constructor":{}}',
    });
    expectNot5xx(verify, 'verify with __proto__');
    expect(verify.status).toBe(400);
    const projects = await api(app.url, 'GET', '/api/projects?__proto__[x]=1&constructor[prototype][y]=2', {
      headers: auth(),
    });
    expect(projects.status).toBe(200);
  });

  const nul = '\u0000';
  const nulCases: Array<[string, () => Promise<ApiResponse>]> = [
    [
      'project name',
      () => api(app.url, 'POST', '/api/projects', { headers: auth(), body: { ...base, name: `a${nul}b` } }),
    ],
    [
      'project emailSubject',
      () => api(app.url, 'POST', '/api/projects', { headers: auth(), body: { ...base, emailSubject: `Hi${nul}` } }),
    ],
    [
      'project emailTemplate',
      () =>
        api(app.url, 'POST', '/api/projects', { headers: auth(), body: { ...base, emailTemplate: `{{link}}${nul}` } }),
    ],
    [
      'project redirectUrl',
      () =>
        api(app.url, 'POST', '/api/projects', {
          headers: auth(),
          body: { ...base, redirectUrl: `http://localhost:4321/cb?x=${nul}` },
        }),
    ],
    [
      'project logoUrl',
      () =>
        api(app.url, 'POST', '/api/projects', {
          headers: auth(),
          body: { ...base, logoUrl: `https://cdn.example.com/${nul}.png` },
        }),
    ],
    ['secretToken query of NUL bytes', () => api(app.url, 'GET', `/api/projects?secretToken=sk_${'%00'.repeat(8)}`)],
    [
      'a real secretToken followed by NUL',
      () => api(app.url, 'GET', `/api/projects?secretToken=${encodeURIComponent(key)}%00`),
    ],
    ['project id in path', () => api(app.url, 'GET', `/api/projects/%00`, { headers: auth() })],
    [
      'send: clientToken',
      () =>
        api(
          app.url,
          'POST',
          `/api/challenge/send?projectId=${project.id}&clientToken=ck_%00abc&emailAddress=${randomEmail()}`,
        ),
    ],
    [
      'send: clientToken in body',
      () =>
        api(app.url, 'POST', `/api/challenge/send?projectId=${project.id}`, {
          body: { clientToken: `ck_${nul}`, emailAddress: randomEmail() },
        }),
    ],
    [
      'send: projectId',
      () =>
        api(
          app.url,
          'POST',
          `/api/challenge/send?projectId=%00&clientToken=${encodeURIComponent(project.clientToken)}&emailAddress=${randomEmail()}`,
        ),
    ],
    [
      'send: emailAddress',
      () =>
        api(app.url, 'POST', `/api/challenge/send?${clientQuery(project)}`, {
          body: { emailAddress: `a${nul}@example.test` },
        }),
    ],
    [
      'send: state',
      () =>
        api(app.url, 'POST', `/api/challenge/send?${clientQuery(project)}`, {
          body: { emailAddress: randomEmail(), state: `s${nul}t` },
        }),
    ],
    [
      'verify: challengeCode',
      () =>
        api(app.url, 'POST', `/api/challenge/verify?${clientQuery(project)}`, {
          body: { challengeCode: `abc${nul}def` },
        }),
    ],
    ['session: sessionCode', () => api(app.url, 'GET', `/api/session?${clientQuery(project)}&sessionCode=abc%00def`)],
    ['user: sessionCode', () => api(app.url, 'GET', `/api/user?${clientQuery(project)}&sessionCode=abc%00def`)],
    ['mailbox: to', () => api(app.url, 'GET', `/api/dev/mailbox?to=a%00b@example.test`)],
  ];
  for (const [label, call] of nulCases) {
    it(`a NUL byte in ${label}`, async () => {
      const res = await call();
      expectNot5xx(res, label);
    });
  }

  // JSON may carry a lone UTF-16 surrogate ("\udfff"); PostgreSQL text and jsonb cannot store one.
  const loneSurrogate =
    '{"name":"a\\udfffb","allowedOrigin":"http://localhost:5173","redirectUrl":"http://localhost:5173/cb"}';
  it('a lone surrogate in a project name or a key name is 400 naming the field, never a 500', async () => {
    const project = await api(app.url, 'POST', '/api/projects', {
      headers: { ...auth(), 'content-type': 'application/json' },
      rawBody: loneSurrogate,
    });
    expectProblem(project, 400, 'validation_failed');
    expect(project.data.errors).toEqual([{ path: 'name', message: expect.stringMatching(/lone surrogates/) }]);
    const key = await api(app.url, 'POST', '/api/keys', {
      headers: { ...auth(), 'content-type': 'application/json' },
      rawBody: '{"name":"a\\udfffb"}',
    });
    expectProblem(key, 400, 'validation_failed');
  });

  const sqlNames = [
    "Robert'); DROP TABLE projects;--",
    `" OR "1"="1`,
    "'; SELECT pg_sleep(5); --",
    '%_\\%',
    '$1 $$ $tag$',
    '😀 ünïcödé ‮rtl',
  ];
  for (const name of sqlNames) {
    it(`SQL metacharacters in a project name: ${JSON.stringify(name)}`, async () => {
      const started = Date.now();
      const res = await api(app.url, 'POST', '/api/projects', { headers: auth(), body: { ...base, name } });
      expectNot5xx(res, name);
      expect(Date.now() - started).toBeLessThan(4_000);
      if (res.status === 201) {
        expect(res.data.name).toBe(name.trim());
        const one = await api(app.url, 'GET', `/api/projects/${res.data.id}`, { headers: auth() });
        expect(one.status).toBe(200);
        expect(one.data.name).toBe(name.trim());
      }
      const list = await api(app.url, 'GET', '/api/projects', { headers: auth() });
      expect(list.status).toBe(200);
    });
  }

  it('SQL metacharacters in credentials and codes', async () => {
    const inj = encodeURIComponent("' OR '1'='1");
    for (const [label, path] of [
      ['secretToken', `/api/projects?secretToken=${inj}`],
      ['projectId', `/api/challenge/send?projectId=${inj}&clientToken=${inj}&emailAddress=${randomEmail()}`],
      ['clientToken', `/api/session?projectId=${project.id}&clientToken=${inj}&sessionCode=${inj}`],
      ['sessionCode', `/api/user?${clientQuery(project)}&sessionCode=${inj}`],
      ['mailbox', `/api/dev/mailbox?to=${inj}`],
    ] as const) {
      const res = await api(app.url, label === 'projectId' ? 'POST' : 'GET', path);
      expectNot5xx(res, label);
      expect(res.status, label).toBeGreaterThanOrEqual(400);
    }
  });

  it('wrong JSON types for every project field are 400, not 500', async () => {
    for (const value of [null, true, 12, [], {}, [1, 2], { a: 1 }]) {
      for (const field of [
        'name',
        'allowedOrigin',
        'redirectUrl',
        'sessionValidSeconds',
        'emailSubject',
        'emailTemplate',
        'logoUrl',
      ]) {
        const res = await api(app.url, 'POST', '/api/projects', { headers: auth(), body: { ...base, [field]: value } });
        expectNot5xx(res, `${field}=${JSON.stringify(value)}`);
      }
    }
  });

  it('deeply nested JSON is not a 5xx', async () => {
    const depth = 100_000;
    const raw = '['.repeat(depth) + ']'.repeat(depth);
    const res = await api(app.url, 'POST', '/api/projects', {
      headers: { ...auth(), 'content-type': 'application/json' },
      rawBody: raw,
    });
    expectNot5xx(res, 'deep nesting');
  });

  it('invalid UTF-8 in the body is not a 5xx', async () => {
    const body = Buffer.concat([
      Buffer.from('{"name":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('","allowedOrigin":"http://localhost:1","redirectUrl":"http://localhost:1/cb"}'),
    ]);
    const res = await fetch(`${app.url}/api/projects`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body,
    });
    const text = await res.text();
    expect(res.status, text).toBeLessThan(500);
  });

  it('the app is still healthy after all of that', async () => {
    const res = await api(app.url, 'GET', '/api/projects', { headers: auth() });
    expect(res.status).toBe(200);
    expect(app.logs()).not.toMatch(/FATAL|uncaughtException|unhandledRejection/i);
  });
});

// Error answers across /api: problem JSON (RFC 9457) for every error without leaks, 404
// for unknown paths, 405 with Allow for unsupported methods, and Cache-Control: no-store on
// every answer. Against the built app (next start + a fresh PostgreSQL database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, randomEmail, secretKeyHeader, sendMagicLink, setupProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { expectProblem } from '../support/problem';

let app: AppServer;
let key: string;
let project: { id: string; clientToken: string; name: string };

const base = { name: 'Errors Test', allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/cb' };
const auth = () => secretKeyHeader(key);
const clientQuery = () => `projectId=${project.id}&clientToken=${encodeURIComponent(project.clientToken)}`;

beforeAll(async () => {
  app = await startApp();
  ({ secretToken: key, project } = await setupProject(app, { name: 'Errors Test' }));
});
afterAll(async () => {
  await app?.stop();
});

describe('problem JSON for every error', () => {
  it('a sweep of 400/401/403/404/405/409 errors are all problem JSON without leaks', async () => {
    const cases: Array<[string, number, () => Promise<ApiResponse>]> = [
      ['no key', 401, () => api(app.url, 'GET', '/api/projects')],
      [
        'unknown key',
        401,
        () => api(app.url, 'GET', '/api/projects', { headers: { authorization: 'Bearer sk_nope' } }),
      ],
      ['bad uuid', 400, () => api(app.url, 'GET', '/api/projects/xyz', { headers: auth() })],
      ['unknown project', 404, () => api(app.url, 'GET', `/api/projects/${crypto.randomUUID()}`, { headers: auth() })],
      ['invalid body', 400, () => api(app.url, 'POST', '/api/projects', { headers: auth(), body: { name: '' } })],
      [
        'not JSON',
        400,
        () =>
          api(app.url, 'POST', '/api/projects', {
            headers: { ...auth(), 'content-type': 'application/json' },
            rawBody: '{oops',
          }),
      ],
      [
        'send: no client token',
        401,
        () => api(app.url, 'POST', `/api/challenge/send?projectId=${project.id}&emailAddress=a@example.test`),
      ],
      [
        'send: bad email',
        400,
        () => api(app.url, 'POST', `/api/challenge/send?${clientQuery()}&emailAddress=not-an-email`),
      ],
      [
        'send: wrong Origin',
        403,
        () =>
          api(app.url, 'POST', `/api/challenge/send?${clientQuery()}&emailAddress=${randomEmail()}`, {
            headers: { origin: 'https://evil.example.com' },
          }),
      ],
      [
        'verify: unknown code',
        404,
        () =>
          api(app.url, 'POST', `/api/challenge/verify?${clientQuery()}`, { body: { challengeCode: 'A'.repeat(43) } }),
      ],
      [
        'session: unknown code',
        404,
        () => api(app.url, 'GET', `/api/session?${clientQuery()}&sessionCode=${'B'.repeat(43)}`),
      ],
      ['session: missing code', 400, () => api(app.url, 'GET', `/api/session?${clientQuery()}`)],
      [
        'user: unknown code',
        404,
        () => api(app.url, 'GET', `/api/user?${clientQuery()}&sessionCode=${'C'.repeat(43)}`),
      ],
      ['mailbox: bad address', 400, () => api(app.url, 'GET', '/api/dev/mailbox?to=nope')],
      ['unknown path', 404, () => api(app.url, 'GET', '/api/does-not-exist')],
      ['unsupported method', 405, () => api(app.url, 'PATCH', '/api/projects', { headers: auth(), body: {} })],
    ];
    for (const [label, status, call] of cases) {
      const res = await call();
      expect(res.status, `${label}: ${res.text}`).toBe(status);
      expectProblem(res, status);
    }
  });

  it('a used challenge code → 409 problem JSON', async () => {
    const { code: challengeCode } = await sendMagicLink(app.url, project, randomEmail('used'));
    const first = await api(app.url, 'POST', `/api/challenge/verify?${clientQuery()}`, { body: { challengeCode } });
    expect(first.status, first.text).toBe(200);
    const second = await api(app.url, 'POST', `/api/challenge/verify?${clientQuery()}`, { body: { challengeCode } });
    expectProblem(second, 409);
  });
});

describe('unknown paths under /api', () => {
  for (const [method, path] of [
    ['GET', '/api/nope'],
    ['POST', '/api/nope'],
    ['PUT', '/api/nope'],
    ['DELETE', '/api/nope'],
    ['GET', '/api/projects/x/y/z'],
    ['POST', '/api/projects/x/y/z'],
    ['GET', `/api/projects/${'00000000-0000-4000-8000-000000000000'}/nothing/here`],
    ['GET', '/api/challenge/send/extra'],
    ['GET', '/api/a/b/c/d/e/f/g'],
    ['GET', '/api/projects%2Fx'],
    ['DELETE', '/api/session/extra'],
  ] as const) {
    it(`${method} ${path} → 404 problem JSON`, async () => {
      const res = await api(app.url, method, path, method === 'GET' || method === 'DELETE' ? {} : { body: {} });
      expectProblem(res, 404);
      expect(res.headers.get('cache-control') ?? '').toContain('no-store');
    });
  }

  it('GET /api itself → 404 problem JSON, not the HTML not-found page', async () => {
    const res = await api(app.url, 'GET', '/api');
    expectProblem(res, 404);
  });

  it('an unknown path answers 404 whatever the credentials', async () => {
    const res = await api(app.url, 'GET', '/api/secret-stuff', { headers: auth() });
    expectProblem(res, 404);
  });
});

describe('unsupported methods', () => {
  const cases: Array<[string, string, string[]]> = [
    ['PATCH', '/api/projects', ['GET', 'POST']],
    ['PUT', '/api/projects', ['GET', 'POST']],
    ['DELETE', '/api/projects', ['GET', 'POST']],
    ['GET', '/api/challenge/send', ['POST']],
    ['GET', '/api/challenge/verify', ['POST']],
    ['POST', '/api/user', ['GET']],
    ['POST', '/api/session', ['GET', 'DELETE']],
    ['POST', `/api/projects/00000000-0000-4000-8000-000000000000`, ['GET', 'PUT', 'DELETE']],
    ['PATCH', `/api/projects/00000000-0000-4000-8000-000000000000`, ['GET', 'PUT', 'DELETE']],
    ['POST', '/api/dev/mailbox', ['GET']],
  ];
  for (const [method, path, allowed] of cases) {
    it(`${method} ${path} → 405 problem JSON with Allow: ${allowed.join(', ')}`, async () => {
      const res = await api(app.url, method, path, method === 'GET' ? {} : { body: {} });
      expectProblem(res, 405);
      const allow = (res.headers.get('allow') ?? '')
        .split(',')
        .map((m) => m.trim().toUpperCase())
        .filter(Boolean);
      expect(allow.length, 'Allow header').toBeGreaterThan(0);
      for (const m of allowed) expect(allow).toContain(m);
      expect(allow).not.toContain(method);
      expect(res.headers.get('cache-control') ?? '').toContain('no-store');
    });
  }

  it('405 does not depend on credentials (no key still 405 or 401, never 5xx/HTML)', async () => {
    const res = await api(app.url, 'PATCH', '/api/projects');
    expect([401, 405]).toContain(res.status);
    expectProblem(res);
  });
});

describe('Cache-Control: no-store under /api', () => {
  it('on successes, errors, 204s, 404s, 405s and the mailbox', async () => {
    const created = await api(app.url, 'POST', '/api/projects', { headers: auth(), body: base });
    expect(created.status).toBe(201);
    const responses: Array<[string, ApiResponse]> = [
      ['GET list', await api(app.url, 'GET', '/api/projects', { headers: auth() })],
      ['POST 201', created],
      ['GET one', await api(app.url, 'GET', `/api/projects/${created.data.id}`, { headers: auth() })],
      ['PUT', await api(app.url, 'PUT', `/api/projects/${created.data.id}`, { headers: auth(), body: base })],
      ['DELETE 204', await api(app.url, 'DELETE', `/api/projects/${created.data.id}`, { headers: auth() })],
      ['401', await api(app.url, 'GET', '/api/projects')],
      ['400', await api(app.url, 'GET', '/api/projects/nope', { headers: auth() })],
      ['404 project', await api(app.url, 'GET', `/api/projects/${created.data.id}`, { headers: auth() })],
      ['404 path', await api(app.url, 'GET', '/api/nothing')],
      ['405', await api(app.url, 'GET', '/api/challenge/send')],
      [
        'challenge send 201',
        await api(app.url, 'POST', `/api/challenge/send?${clientQuery()}&emailAddress=${randomEmail()}`),
      ],
      ['mailbox', await api(app.url, 'GET', `/api/dev/mailbox?to=${randomEmail()}`)],
    ];
    for (const [label, res] of responses) {
      expect(res.status, label).toBeLessThan(500);
      expect(res.headers.get('cache-control') ?? '', `${label} Cache-Control`).toMatch(/\bno-store\b/);
    }
  });
});

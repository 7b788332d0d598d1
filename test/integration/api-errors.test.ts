// Error handling across /api (API.md § Errors): problem JSON everywhere, 404 for
// unknown paths, 405 with Allow, 413 for big bodies, no-store, hostile input never 5xx.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, randomEmail, setupProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';

let app: AppServer;
let key: string;
let project: { id: string; clientToken: string; name: string };

const MB = 1024 * 1024;
const base = { name: 'Errors Test', allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/cb' };
const auth = () => ({ 'x-upid-organization-key': key });
const clientQuery = () => `projectId=${project.id}&clientToken=${encodeURIComponent(project.clientToken)}`;

/** Asserts RFC 9457 problem JSON with no stack trace or server path in it. */
function expectProblem(res: ApiResponse, status?: number) {
  if (status !== undefined) expect(res.status, res.text).toBe(status);
  expect(res.status).toBeGreaterThanOrEqual(400);
  const type = res.headers.get('content-type') ?? '';
  expect(type, `content-type of ${res.status} ${res.text.slice(0, 200)}`).toMatch(/^application\/problem\+json/);
  expect(res.data, res.text.slice(0, 300)).toBeTypeOf('object');
  expect(res.data.type).toBeTypeOf('string');
  expect(res.data.type.length).toBeGreaterThan(0);
  expect(res.data.title).toBeTypeOf('string');
  expect(res.data.title.length).toBeGreaterThan(0);
  expect(res.data.status).toBe(res.status);
  expect(res.data.detail).toBeTypeOf('string');
  expect(res.data.code).toBeTypeOf('string');
  expect(res.data.code).toMatch(/^[a-z][a-z0-9_]*$/);
  if (res.data.errors !== undefined) {
    expect(Array.isArray(res.data.errors)).toBe(true);
    for (const e of res.data.errors) {
      expect(e.path).toBeTypeOf('string');
      expect(e.message).toBeTypeOf('string');
    }
  }
  expectNoLeak(res);
}

function expectNoLeak(res: ApiResponse) {
  const text = res.text;
  expect(text, 'HTML error page').not.toMatch(/<!DOCTYPE|<html|<body/i);
  expect(text, 'stack trace line').not.toMatch(/\bat [\w.<>$ ]*\(?[^)\s]*:\d+:\d+\)?/);
  expect(text, 'stack trace line').not.toMatch(/(\\n|\n)\s+at /);
  expect(text, 'server file path').not.toMatch(
    /\/work\/|node_modules|\.next\/server|\/app\/api\/|[\w-]+\.(?:ts|js|mjs|tsx):\d+/,
  );
  expect(text, 'driver error text').not.toMatch(/PostgresError|ZodError|TypeError|ReferenceError|SyntaxError: /);
}

function expectNot5xx(res: ApiResponse, label: string) {
  expect(res.status, `${label}: ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) expectProblem(res);
}

beforeAll(async () => {
  app = await startApp();
  const setup = await setupProject(app, { name: 'Errors Test' });
  key = setup.secretToken;
  project = setup.project;
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
    const email = randomEmail('used');
    const sent = await api(app.url, 'POST', `/api/challenge/send?${clientQuery()}&emailAddress=${email}`);
    expect(sent.status, sent.text).toBe(201);
    const mailbox = await api(app.url, 'GET', `/api/dev/mailbox?to=${email}`);
    const link = (mailbox.data.messages[0].links as string[]).find((l) => l.includes('/l/'))!;
    const challengeCode = new URL(link).pathname.split('/').pop()!;
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

describe('request body size', () => {
  function bigJson(bytes: number): string {
    const prefix = JSON.stringify({ ...base, pad: '' }).slice(0, -2); // …,"pad":"
    return `${prefix}${'x'.repeat(bytes - prefix.length - 2)}"}`;
  }

  it('a body over 1 MB with an honest Content-Length → 413 problem JSON', async () => {
    const raw = bigJson(MB + 1024);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(MB);
    const res = await api(app.url, 'POST', '/api/projects', {
      headers: { ...auth(), 'content-type': 'application/json' },
      rawBody: raw,
    });
    expectProblem(res, 413);
    expect(res.headers.get('cache-control') ?? '').toContain('no-store');
  });

  it('a body over 1 MB to a client-token endpoint → 413 problem JSON', async () => {
    const raw = JSON.stringify({ emailAddress: randomEmail(), state: 's'.repeat(2 * MB) });
    const res = await api(app.url, 'POST', `/api/challenge/send?${clientQuery()}`, {
      headers: { 'content-type': 'application/json' },
      rawBody: raw,
    });
    expectProblem(res, 413);
  });

  /** POSTs a streamed body without Content-Length (Transfer-Encoding: chunked) through fetch. */
  async function fetchChunked(total: number): Promise<ApiResponse> {
    const encoder = new TextEncoder();
    const chunk = encoder.encode('x'.repeat(64 * 1024));
    let sent = 0;
    let headSent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!headSent) {
          headSent = true;
          controller.enqueue(encoder.encode(JSON.stringify({ ...base, pad: '' }).slice(0, -2)));
        } else if (sent >= total) {
          controller.enqueue(encoder.encode('"}'));
          controller.close();
        } else {
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await fetch(`${app.url}/api/projects`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: stream,
      // @ts-expect-error Node's fetch needs duplex for a streaming body
      duplex: 'half',
    });
    const text = await res.text();
    let data: any;
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
    return { status: res.status, headers: res.headers, text, data };
  }

  /** The same over node:http on a fresh socket (agent: false), so a broken connection stays isolated. */
  function httpChunked(total: number): Promise<ApiResponse> {
    return new Promise((resolve, reject) => {
      const url = new URL(`${app.url}/api/projects`);
      const req = httpRequest(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent: false,
          headers: { ...auth(), 'content-type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
            let data: any;
            try {
              data = JSON.parse(text);
            } catch {
              data = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers, text, data });
          });
        },
      );
      req.on('error', reject);
      expect(req.getHeader('content-length')).toBeUndefined();
      req.write(JSON.stringify({ ...base, pad: '' }).slice(0, -2));
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end('"}');
      };
      pump();
    });
  }

  it('a chunked body over 1 MB without Content-Length (node:http) → 413 problem JSON', async () => {
    expectProblem(await httpChunked(2 * MB), 413);
  });

  it('a chunked body over 1 MB without Content-Length (fetch + ReadableStream) → 413 problem JSON', async () => {
    const res = await fetchChunked(2 * MB);
    expectProblem(res, 413);
    expect(res.headers.get('cache-control') ?? '').toContain('no-store');
  });

  // Runs right after the test above (tests in a file run in order): its first request goes
  // out on the pooled keep-alive socket the chunked 413 used. It must be served promptly,
  // not hang until the server's keep-alive timeout and then be reset. The abort also throws
  // a wedged socket out of the pool, so the tests that follow are not affected.
  it('after a chunked 413 the keep-alive connection still serves the next request', async () => {
    const started = Date.now();
    let outcome: string;
    try {
      const next = await fetch(`${app.url}/api/projects`, { headers: auth(), signal: AbortSignal.timeout(2_000) });
      await next.text();
      outcome = String(next.status);
    } catch (error) {
      outcome = `failed after ${Date.now() - started} ms: ${String((error as Error).cause ?? error)}`;
    }
    expect(outcome, 'GET /api/projects right after a chunked 413 on the same connection').toBe('200');
  });

  it('a chunked body under 1 MB is read normally', async () => {
    const res = await httpChunked(512 * 1024);
    expect(res.status, res.text.slice(0, 300)).toBe(201);
  });

  it('a body just under 1 MB is read normally (not 413)', async () => {
    const raw = bigJson(1_000_000);
    const res = await api(app.url, 'POST', '/api/projects', {
      headers: { ...auth(), 'content-type': 'application/json' },
      rawBody: raw,
    });
    expect(res.status, res.text.slice(0, 300)).toBe(201);
    expect(res.data.name).toBe(base.name);
  });

  it('a lying Content-Length that claims more than 1 MB → 413', async () => {
    // undici does not allow setting content-length by hand to a wrong value, so use node:http.
    const url = new URL(`${app.url}/api/projects`);
    const result = await new Promise<{ status: number; headers: Headers; text: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent: false,
          headers: { ...auth(), 'content-type': 'application/json', 'content-length': String(5 * MB) },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => {
            const h = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
            resolve({ status: res.statusCode ?? 0, headers: h, text: body });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.write('{"name":"x"');
      // Never finish the body: the server must answer from the declared length alone.
      setTimeout(() => req.destroy(new Error('server did not answer within 5 s')), 5_000).unref();
    });
    let data: any;
    try {
      data = JSON.parse(result.text);
    } catch {
      data = undefined;
    }
    expectProblem({ ...result, data }, 413);
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
    const send = await api(app.url, 'POST', `/api/challenge/send?${clientQuery()}`, {
      headers: { 'content-type': 'application/json' },
      rawBody: body,
    });
    expectNot5xx(send, 'send with __proto__');
    const q = await api(
      app.url,
      'POST',
      `/api/challenge/send?${clientQuery()}&emailAddress=${randomEmail()}&__proto__[x]=1&constructor[prototype][y]=2&__proto__=z`,
    );
    expectNot5xx(q, 'send with __proto__ in query');
    const verify = await api(app.url, 'POST', `/api/challenge/verify?${clientQuery()}`, {
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
        api(app.url, 'POST', `/api/challenge/send?${clientQuery()}`, {
          body: { emailAddress: `a${nul}@example.test` },
        }),
    ],
    [
      'send: state',
      () =>
        api(app.url, 'POST', `/api/challenge/send?${clientQuery()}`, {
          body: { emailAddress: randomEmail(), state: `s${nul}t` },
        }),
    ],
    [
      'verify: challengeCode',
      () => api(app.url, 'POST', `/api/challenge/verify?${clientQuery()}`, { body: { challengeCode: `abc${nul}def` } }),
    ],
    ['session: sessionCode', () => api(app.url, 'GET', `/api/session?${clientQuery()}&sessionCode=abc%00def`)],
    ['user: sessionCode', () => api(app.url, 'GET', `/api/user?${clientQuery()}&sessionCode=abc%00def`)],
    ['mailbox: to', () => api(app.url, 'GET', `/api/dev/mailbox?to=a%00b@example.test`)],
  ];
  for (const [label, call] of nulCases) {
    it(`a NUL byte in ${label}`, async () => {
      const res = await call();
      expectNot5xx(res, label);
    });
  }

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
      ['sessionCode', `/api/user?${clientQuery()}&sessionCode=${inj}`],
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

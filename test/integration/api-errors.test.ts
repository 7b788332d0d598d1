// Error answers across /api: problem JSON (RFC 9457) for every error without leaks, 404
// for unknown paths, 405 with Allow for unsupported methods, 413 for bodies over 1 MB
// (declared, lying or only streamed, and the keep-alive connection goes on serving), and
// Cache-Control: no-store on every answer. Against the built app (next start + a fresh
// PostgreSQL database).
import { type ClientRequest, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  api,
  clientQuery,
  jsonOrUndefined,
  randomEmail,
  secretKeyHeader,
  sendMagicLink,
  setupProject,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { expectProblem } from '../support/problem';

let app: AppServer;
let key: string;
let project: { id: string; clientToken: string; name: string };

const MB = 1024 * 1024;
const base = { name: 'Errors Test', allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/cb' };
const auth = () => secretKeyHeader(key);

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
        () => api(app.url, 'POST', `/api/challenge/send?${clientQuery(project)}&emailAddress=not-an-email`),
      ],
      [
        'send: wrong Origin',
        403,
        () =>
          api(app.url, 'POST', `/api/challenge/send?${clientQuery(project)}&emailAddress=${randomEmail()}`, {
            headers: { origin: 'https://evil.example.com' },
          }),
      ],
      [
        'verify: unknown code',
        404,
        () =>
          api(app.url, 'POST', `/api/challenge/verify?${clientQuery(project)}`, {
            body: { challengeCode: 'A'.repeat(43) },
          }),
      ],
      [
        'session: unknown code',
        404,
        () => api(app.url, 'GET', `/api/session?${clientQuery(project)}&sessionCode=${'B'.repeat(43)}`),
      ],
      ['session: missing code', 400, () => api(app.url, 'GET', `/api/session?${clientQuery(project)}`)],
      [
        'user: unknown code',
        404,
        () => api(app.url, 'GET', `/api/user?${clientQuery(project)}&sessionCode=${'C'.repeat(43)}`),
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
    const first = await api(app.url, 'POST', `/api/challenge/verify?${clientQuery(project)}`, {
      body: { challengeCode },
    });
    expect(first.status, first.text).toBe(200);
    const second = await api(app.url, 'POST', `/api/challenge/verify?${clientQuery(project)}`, {
      body: { challengeCode },
    });
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
    const res = await api(app.url, 'POST', `/api/challenge/send?${clientQuery(project)}`, {
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
    return { status: res.status, headers: res.headers, text, data: jsonOrUndefined(text) };
  }

  /**
   * POST /api/projects over node:http on a fresh socket (agent: false), so a broken
   * connection stays isolated; `send` writes the body (and ends it, or not).
   */
  function rawPost(headers: Record<string, string>, send: (req: ClientRequest) => void): Promise<ApiResponse> {
    return new Promise((resolve, reject) => {
      const url = new URL(`${app.url}/api/projects`);
      const req = httpRequest(
        {
          hostname: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent: false,
          headers: { ...auth(), 'content-type': 'application/json', ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => {
            const answered = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') answered.set(k, v);
            resolve({ status: res.statusCode ?? 0, headers: answered, text, data: jsonOrUndefined(text) });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      send(req);
    });
  }

  /** The same as fetchChunked over node:http. */
  function httpChunked(total: number): Promise<ApiResponse> {
    return rawPost({}, (req) => {
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
    const result = await rawPost({ 'content-length': String(5 * MB) }, (req) => {
      req.write('{"name":"x"');
      // Never finish the body: the server must answer from the declared length alone.
      setTimeout(() => req.destroy(new Error('server did not answer within 5 s')), 5_000).unref();
    });
    expectProblem(result, 413);
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
        await api(app.url, 'POST', `/api/challenge/send?${clientQuery(project)}&emailAddress=${randomEmail()}`),
      ],
      ['mailbox', await api(app.url, 'GET', `/api/dev/mailbox?to=${randomEmail()}`)],
    ];
    for (const [label, res] of responses) {
      expect(res.status, label).toBeLessThan(500);
      expect(res.headers.get('cache-control') ?? '', `${label} Cache-Control`).toMatch(/\bno-store\b/);
    }
  });
});

// Request bodies under /api are read up to 1 MB: a bigger one answers 413 problem JSON,
// whether its size is declared (Content-Length, even a lying one) or only streamed
// (chunked), and the keep-alive connection goes on serving. Against the built app.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResponse, api, randomEmail, secretKeyHeader, setupProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { expectProblem } from '../support/problem';

let app: AppServer;
let key: string;
let project: { id: string; clientToken: string; name: string };

const MB = 1024 * 1024;
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

// PostgreSQL unreachable: the app still starts, /api answers 503 problem JSON with
// Retry-After within a few seconds, pages show a friendly error, and everything works
// again once the database is back, without restarting the app.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomEmail, runCli, setupProject } from '../support/api';
import { type AppServer, freePort, startApp } from '../support/app-server';
import { visibleText } from '../support/pages';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { expectUnavailable as expectDatabaseUnavailable, expectNoDatabaseLeak } from '../support/problem';
import { type TimedResponse, timedCall, timedPage } from '../support/timed';

const FAKE_KEY = `sk_${'a'.repeat(43)}`;
const FAKE_PROJECT = '8c1d5e3a-1b2c-4d5e-8f90-1234567890ab';
const FAKE_CLIENT = `ck_${'b'.repeat(32)}`;
const FAKE_CODE = `${'A'.repeat(20)}_${'b'.repeat(22)}`; // 43 chars, like a real code

type Res = TimedResponse;

/** A request that gives up after 10 s (a hang is a failure, not a stuck test). */
const call = (
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) => timedCall(base, method, path, options, 10_000);
const page = (base: string, path: string, init: RequestInit = {}) => timedPage(base, path, init, 10_000);
/** 503 database_unavailable with Retry-After, within 6 s, telling nothing of the database. */
const expectUnavailable = (res: Res, label: string) => expectDatabaseUnavailable(res, label, 6000);

/**
 * The landing page while the database is unreachable: an HTML page whose server-rendered
 * markup itself tells the person what happened (no blank page for a browser without
 * JavaScript or before hydration, no stack trace, no redirect).
 */
async function expectFriendlyLandingError(base: string) {
  const res = await page(base, `/l/${FAKE_CODE}`);
  expect([200, 500, 503]).toContain(res.status);
  expect(res.headers.get('location')).toBeNull();
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.ms).toBeLessThan(6000);
  expect(visibleText(res.text), 'text a person sees without JavaScript').toMatch(/went wrong|try again|unavailable/i);
  expectNoDatabaseLeak(res.text, 'landing page');
}

/** Every kind of request an app makes, against a database that cannot be reached. */
async function expectAllUnavailable(
  base: string,
  project = { id: FAKE_PROJECT, clientToken: FAKE_CLIENT },
  key = FAKE_KEY,
) {
  const requests: Array<[string, Promise<Res>]> = [
    ['GET /api/projects', call(base, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': key } })],
    ['GET /api/projects (bearer)', call(base, 'GET', '/api/projects', { headers: { authorization: `Bearer ${key}` } })],
    [
      'POST /api/projects',
      call(base, 'POST', `/api/projects?secretToken=${key}`, {
        body: { name: 'X', allowedOrigin: 'https://x.test', redirectUrl: 'https://x.test/cb' },
      }),
    ],
    [
      'POST /api/challenge/send',
      call(base, 'POST', '/api/challenge/send', {
        body: { projectId: project.id, clientToken: project.clientToken, emailAddress: randomEmail('down') },
      }),
    ],
    [
      'POST /api/challenge/verify',
      call(base, 'POST', '/api/challenge/verify', {
        body: { projectId: project.id, clientToken: project.clientToken, challengeCode: FAKE_CODE },
      }),
    ],
    [
      'GET /api/session',
      call(
        base,
        'GET',
        `/api/session?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=${FAKE_CODE}`,
      ),
    ],
    [
      'GET /api/user',
      call(
        base,
        'GET',
        `/api/user?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=${FAKE_CODE}`,
      ),
    ],
  ];
  for (const [label, promise] of requests) expectUnavailable(await promise, label);
}

// Started first and awaited last, so that its start-up overlaps the other tests.
let blackholeStart: Promise<{ app: AppServer; startedInMs: number; close: () => Promise<void> }>;
beforeAll(() => {
  blackholeStart = (async () => {
    const server = net.createServer((socket) => socket.on('error', () => {}));
    const sockets = new Set<net.Socket>();
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    const started = Date.now();
    const app = await startApp({
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/x`,
      env: { DATABASE_CONNECT_TIMEOUT_SECONDS: '2' },
    });
    return {
      app,
      startedInMs: Date.now() - started,
      close: async () => {
        await app.stop();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  })();
  blackholeStart.catch(() => {});
});

describe('database unreachable from the start', () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startApp({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/x',
      env: { DATABASE_CONNECT_TIMEOUT_SECONDS: '2' },
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('starts anyway and says so', () => {
    expect(app.logs()).toContain('UAuth is ready');
    expect(app.logs()).toMatch(/database is not reachable/i);
  });

  it('answers 503 problem JSON with Retry-After on every database-backed endpoint', async () => {
    await expectAllUnavailable(app.url);
  });

  it('answers a request without a key (401 or 503) and an unknown /api path (404 problem JSON)', async () => {
    const noKey = await call(app.url, 'GET', '/api/projects');
    expect([401, 503]).toContain(noKey.status);
    const unknown = await call(app.url, 'GET', '/api/definitely-not-a-route');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('the magic-link landing page shows an HTML error page, not a stack trace', async () => {
    await expectFriendlyLandingError(app.url);
  });

  it('Continue on the landing page answers a 503 HTML page with Retry-After', async () => {
    const res = await page(app.url, '/l/continue', { method: 'POST', body: new URLSearchParams({ code: FAKE_CODE }) });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.headers.get('location')).toBeNull();
    expectNoDatabaseLeak(res.text, 'continue');
  });

  it('keeps answering (no crash, no poisoned state) after many failures in parallel', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': FAKE_KEY } }),
      ),
    );
    for (const r of results) expectUnavailable(r, 'parallel GET /api/projects');
  });
});

/**
 * A TCP proxy in front of the local PostgreSQL that the test can take down and bring
 * back on the same port ('down': refused; 'blackhole': accepts, never answers).
 */
class DbProxy {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target = { host: '127.0.0.1', port: 5432 },
  ) {}

  async up(mode: 'forward' | 'blackhole' = 'forward'): Promise<void> {
    await this.down();
    const server = net.createServer((client) => {
      this.track(client);
      if (mode === 'blackhole') return;
      const upstream = net.connect(this.target.port, this.target.host);
      this.track(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      const kill = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', kill).on('close', kill);
      upstream.on('error', kill).on('close', kill);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Refuses new connections and cuts every open one. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private track(socket: net.Socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
  }
}

describe('database goes away and comes back (TCP proxy)', () => {
  let db: TestDatabase;
  let proxy: DbProxy;
  let app: AppServer;
  let secretToken: string;
  let project: any;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = new DbProxy(await freePort());
    await proxy.up();
    const url = new URL(db.url);
    url.port = String(proxy.port);
    app = await startApp({ databaseUrl: url.href, env: { DATABASE_CONNECT_TIMEOUT_SECONDS: '2' } });
    ({ secretToken, project } = await setupProject(app));
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.down();
    await db?.drop();
  });

  const listProjects = () =>
    call(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': secretToken } });

  /** The app serves again: list, send, mailbox. Returns how long the first call took. */
  const works = async (): Promise<number> => {
    const list = await listProjects();
    expect(list.status, list.text).toBe(200);
    expect(list.data.map((p: any) => p.id)).toContain(project.id);
    const email = randomEmail('back');
    const sent = await call(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: project.id, clientToken: project.clientToken, emailAddress: email },
    });
    expect(sent.status, sent.text).toBe(201);
    const mailbox = await call(app.url, 'GET', `/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    expect(mailbox.status).toBe(200);
    expect(mailbox.data.messages).toHaveLength(1);
    return list.ms;
  };

  it('works through the proxy', async () => {
    await works();
  });

  it('connections cut → 503 within seconds; proxy back → works again without a restart', async () => {
    await proxy.down();
    await expectAllUnavailable(app.url, project, secretToken);
    await expectFriendlyLandingError(app.url);

    await proxy.up();
    await works();
  });

  it('a database that accepts connections but never answers → 503 within the connect timeout (2 s)', async () => {
    await proxy.up('blackhole'); // also cuts the pool's open connections
    await expectAllUnavailable(app.url, project, secretToken);
    await proxy.up();
    await works();
  });

  it('a long outage: every request still answers 503 promptly, and requests succeed again within seconds of recovery', async () => {
    await works(); // a healthy pool to start from
    await proxy.down();
    // An app under an outage keeps receiving traffic; each answer must stay prompt
    // (reconnect back-off must not make requests wait many seconds for a retry).
    for (let i = 0; i < 30; i++) {
      const res = await listProjects();
      expect(res.status, `request ${i}: ${res.text}`).toBe(503);
      expect(res.ms, `request ${i} of the outage answered 503 after ${res.ms} ms`).toBeLessThan(3000);
    }
    await proxy.up();
    // Recovery is prompt: within a few seconds requests succeed again, and none of them
    // waits long. (The very first one may still meet a connection attempt that began
    // during the outage and answer 503, promptly, like the others.)
    const deadline = Date.now() + 5_000;
    let res = await listProjects();
    while (res.status !== 200 && Date.now() < deadline) {
      expect(res.status, res.text).toBe(503);
      expect(res.ms, `a request right after recovery took ${res.ms} ms`).toBeLessThan(3000);
      await new Promise((r) => setTimeout(r, 100));
      res = await listProjects();
    }
    expect(res.status, res.text).toBe(200);
    expect(res.ms, `the first successful request after recovery took ${res.ms} ms`).toBeLessThan(3000);
    await works();
  });

  it('can go down and come back several times', async () => {
    for (let i = 0; i < 3; i++) {
      await proxy.down();
      expectUnavailable(await listProjects(), `round ${i}`);
      await proxy.up();
      await works();
    }
  });
});

describe('database down at start-up, then up (migrations run late)', () => {
  let db: TestDatabase;
  let proxy: DbProxy;
  let app: AppServer;

  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = new DbProxy(await freePort()); // not listening yet: refused
    const url = new URL(db.url);
    url.port = String(proxy.port);
    app = await startApp({ databaseUrl: url.href, env: { DATABASE_CONNECT_TIMEOUT_SECONDS: '2' } });
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.down();
    await db?.drop();
  });

  it('answers 503 first, then the full flow works once the database appears', async () => {
    expectUnavailable(
      await call(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': FAKE_KEY } }),
      'before',
    );

    await proxy.up();
    // The app opens (and migrates) the database on the first request that needs it.
    const unknownKey = await call(app.url, 'GET', '/api/projects', {
      headers: { 'x-upid-organization-key': FAKE_KEY },
    });
    expect(unknownKey.status, unknownKey.text).toBe(401);

    const org = await runCli(app.env, ['org', 'create', '--name', 'Late', '--email', randomEmail('owner')]);
    expect(org.code, org.stderr).toBe(0);
    const created = await call(app.url, 'POST', '/api/projects', {
      headers: { 'x-upid-organization-key': org.json.secretToken },
      body: { name: 'Late App', allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/cb' },
    });
    expect(created.status, created.text).toBe(201);
    const sent = await call(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: created.data.id, clientToken: created.data.clientToken, emailAddress: randomEmail() },
    });
    expect(sent.status, sent.text).toBe(201);
  });
});

describe('database that accepts connections but never answers, from the start', () => {
  afterAll(async () => {
    await (await blackholeStart.catch(() => null))?.close();
  });

  it('start-up honours DATABASE_CONNECT_TIMEOUT_SECONDS (does not hang ~30 s)', async () => {
    const { app, startedInMs } = await blackholeStart;
    expect(app.logs()).toContain('UAuth is ready');
    expect(startedInMs, `started in ${startedInMs} ms`).toBeLessThan(15_000);
  }, 70_000);

  it('requests answer 503 with Retry-After within a few seconds', async () => {
    const { app } = await blackholeStart;
    const res = await call(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': FAKE_KEY } }).catch(
      (error: Error) => ({ status: -1, headers: new Headers(), data: undefined, text: error.message, ms: 10_000 }),
    );
    expectUnavailable(res, 'GET /api/projects');
  }, 70_000);
});

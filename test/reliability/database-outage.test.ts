// Database down, for real: the test owns a PostgreSQL 15 server (initdb into a temporary
// directory, run as the postgres OS user) and stops it while the app runs. /api answers
// 503 problem JSON with Retry-After within a few seconds, the hosted sign-in page and the
// magic-link landing page show a friendly error page; once the server is started again
// everything works without restarting the app. (test/integration/database-down.test.ts
// does the same through a TCP proxy.)
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCode, randomEmail, sendMagicLink, setupProject } from '../support/api';
import { type AppServer, freePort, startApp } from '../support/app-server';
import { createWorkflow, startHostedLogin } from '../support/hosted';
import { visibleText } from '../support/pages';
import { expectUnavailable as expectDatabaseUnavailable, expectNoDatabaseLeak } from '../support/problem';
import { type TimedResponse, timedCall, timedPage } from '../support/timed';
import { sleep } from './support';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A throwaway PostgreSQL server: its own data directory, port and socket directory. */
class OwnServer {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'uauth-pg-'));
  readonly data = path.join(this.dir, 'data');
  constructor(readonly port: number) {}

  private run(bin: string, args: string[]): string {
    // We run as root; PostgreSQL refuses that, so its tools run as the postgres user.
    const asPostgres =
      process.getuid?.() === 0
        ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, bin), ...args]]
        : [path.join(BIN, bin), args];
    return execFileSync(asPostgres[0] as string, asPostgres[1] as string[], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  }

  init(): void {
    if (process.getuid?.() === 0)
      chownSync(
        this.dir,
        Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      );
    this.run('initdb', ['-D', this.data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  }

  start(): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
    this.run('pg_ctl', ['start', '-D', this.data, '-w', '-t', '60', '-l', path.join(this.dir, 'log'), '-o', options]);
  }

  stop(mode: 'immediate' | 'fast' = 'immediate'): void {
    this.run('pg_ctl', ['stop', '-D', this.data, '-w', '-t', '60', '-m', mode]);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/uauth`;
  }

  async createDatabase(): Promise<void> {
    const admin = postgres(`postgres://postgres@127.0.0.1:${this.port}/postgres`, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe('create database uauth');
    } finally {
      await admin.end();
    }
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      // not running
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

type Res = TimedResponse;

const call = (
  base: string,
  method: string,
  p: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) => timedCall(base, method, p, options, 15_000);
const page = (base: string, p: string) => timedPage(base, p, {}, 15_000);
/** 503 database_unavailable with Retry-After, within 8 s, telling nothing of the database. */
const expectUnavailable = (res: Res, label: string) => expectDatabaseUnavailable(res, label, 8000);

describe('a real PostgreSQL server stopped and started under the running app', () => {
  let server: OwnServer;
  let app: AppServer;
  let secretToken: string;
  let project: any;
  let hostedPath: string;
  let landingPath: string;
  const figures = { outages: 0, requestsDuringOutage: 0, answered503: 0, pagesDuringOutage: 0 };

  beforeAll(async () => {
    server = new OwnServer(await freePort());
    server.init();
    server.start();
    await server.createDatabase();
    app = await startApp({ databaseUrl: server.url, env: { DATABASE_CONNECT_TIMEOUT_SECONDS: '2' } });
    ({ secretToken, project } = await setupProject(app));

    const workflow = await createWorkflow(app.url, secretToken, project);
    const hostedUrl = new URL((await startHostedLogin(app.url, secretToken, workflow.workflowKey)).url);
    hostedPath = `${hostedUrl.pathname}${hostedUrl.search}`;
    landingPath = `/l/${(await sendMagicLink(app.url, project, randomEmail('landing'))).code}`;
  });

  afterAll(async () => {
    await app?.stop();
    server?.destroy();
    console.log(`[outage] ${JSON.stringify(figures)}`);
  });

  /** The full flow works: list, send, verify, session, hosted page, landing page. */
  async function works(label: string) {
    // The first request after a restart may meet a pool connection the server cut
    // (503), but within a few seconds every request must succeed.
    const deadline = Date.now() + 15_000;
    let list = await call(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': secretToken } });
    while (list.status !== 200 && Date.now() < deadline) {
      expect(list.status, `${label}: ${list.text}`).toBe(503);
      await sleep(250);
      list = await call(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': secretToken } });
    }
    expect(list.status, `${label}: ${list.text}`).toBe(200);
    const email = randomEmail('works');
    const sent = await call(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: project.id, clientToken: project.clientToken, emailAddress: email },
    });
    expect(sent.status, `${label}: ${sent.text}`).toBe(201);
    const verified = await call(app.url, 'POST', '/api/challenge/verify', {
      body: {
        projectId: project.id,
        clientToken: project.clientToken,
        challengeCode: await latestCode(app.url, email),
      },
    });
    expect(verified.status, `${label}: ${verified.text}`).toBe(200);
    const session = await call(
      app.url,
      'GET',
      `/api/session?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=${verified.data.session.code}`,
    );
    expect(session.data?.status, label).toBe('active');
    const hosted = await page(app.url, hostedPath);
    expect(hosted.status, label).toBe(200);
    expect(visibleText(hosted.text), label).toMatch(/Sign in to Test App/);
    const landing = await page(app.url, landingPath);
    expect(landing.status, label).toBe(200);
    expect(visibleText(landing.text), label).not.toMatch(/temporarily unavailable|went wrong/i);
  }

  async function expectOutage(label: string) {
    figures.outages++;
    const requests: Array<[string, Promise<Res>]> = [
      [
        'GET /api/projects',
        call(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': secretToken } }),
      ],
      [
        'POST /api/challenge/send',
        call(app.url, 'POST', '/api/challenge/send', {
          body: { projectId: project.id, clientToken: project.clientToken, emailAddress: randomEmail('down') },
        }),
      ],
      [
        'POST /api/challenge/verify',
        call(app.url, 'POST', '/api/challenge/verify', {
          body: { projectId: project.id, clientToken: project.clientToken, challengeCode: 'x'.repeat(43) },
        }),
      ],
      [
        'GET /api/session',
        call(
          app.url,
          'GET',
          `/api/session?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=${'y'.repeat(43)}`,
        ),
      ],
      [
        'GET /api/user',
        call(
          app.url,
          'GET',
          `/api/user?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=${'y'.repeat(43)}`,
        ),
      ],
      [
        'POST /api/uauth/session',
        call(app.url, 'POST', '/api/uauth/session', {
          headers: { authorization: `Bearer ${secretToken}` },
          body: { workflowKey: crypto.randomUUID() },
        }),
      ],
    ];
    for (const [name, promise] of requests) {
      figures.requestsDuringOutage++;
      expectUnavailable(await promise, `${label}: ${name}`);
      figures.answered503++;
    }

    for (const [name, p, expected] of [
      ['hosted page', hostedPath, /temporarily unavailable|try again/i],
      ['landing page', landingPath, /went wrong|try again|unavailable/i],
    ] as const) {
      figures.pagesDuringOutage++;
      const res = await page(app.url, p);
      expect(res.headers.get('content-type'), `${label}: ${name}`).toMatch(/^text\/html/);
      expect(res.headers.get('location'), `${label}: ${name}`).toBeNull();
      expect(res.ms, `${label}: ${name} answered after ${res.ms} ms`).toBeLessThan(8000);
      const text = visibleText(res.text);
      expect(text, `${label}: ${name}`).toMatch(expected);
      expect(text.trim().length, `${label}: ${name} is not blank`).toBeGreaterThan(20);
      expectNoDatabaseLeak(res.text, `${label}: ${name}`);
    }
  }

  it('works against the test-owned server', async () => {
    await works('before');
  });

  it('pg_ctl stop -m immediate → 503 with Retry-After and friendly pages; pg_ctl start → works without an app restart', async () => {
    server.stop('immediate');
    await expectOutage('immediate stop');
    server.start();
    await works('after immediate stop');
  });

  it('pg_ctl stop -m fast (clean shutdown) → the same; twice in a row', async () => {
    for (let round = 1; round <= 2; round++) {
      server.stop('fast');
      await expectOutage(`fast stop ${round}`);
      server.start();
      await works(`after fast stop ${round}`);
    }
  });
});

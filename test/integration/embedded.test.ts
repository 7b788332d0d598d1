// The zero-setup database: PGlite in DATA_DIR. The running app owns it; the CLI in a
// second terminal reaches it through the app's control socket, or opens it itself
// when the app is stopped; data survives restarts.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, codeOfLink, latestCode, mailbox, randomEmail, runCli } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { pressContinue } from '../support/pages';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'uauth-embedded-test-'));
let app: AppServer | undefined;

// What the first run created, checked again after restarts.
let secretToken: string;
let project: any;
let firstUserHash: string;
let sessionCode: string;
const email = randomEmail('embedded');

afterAll(async () => {
  await app?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const cliEnv = () => {
  // The app's environment without a DATABASE_URL: the CLI uses the embedded database too.
  const env = { ...app!.env };
  expect(env.DATABASE_URL).toBeUndefined();
  expect(env.DATA_DIR).toBe(dataDir);
  return env;
};

describe('embedded PGlite, app running', () => {
  beforeAll(async () => {
    app = await startApp({ database: 'embedded', dataDir, env: { RATE_LIMIT_SEND_PER_ADDRESS: '100/1m' } });
  });

  it('starts on the embedded database in DATA_DIR', () => {
    expect(app!.databaseUrl).toBeUndefined();
    expect(app!.logs()).toContain('UAuth is ready');
    expect(app!.logs()).toMatch(/embedded|PGlite/i);
    expect(existsSync(path.join(dataDir, 'pgdata'))).toBe(true);
  });

  it('the CLI creates an organization through the running app (two terminals)', async () => {
    const org = await runCli(cliEnv(), ['org', 'create', '--name', 'Embedded Org', '--email', randomEmail('owner')]);
    expect(org.code, org.stderr).toBe(0);
    expect(org.json).toMatchObject({
      organizationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      secretToken: expect.stringMatching(/^sk_[A-Za-z0-9_-]{32,}$/),
    });
    secretToken = org.json.secretToken;
    // The app still owns the database: it is serving requests with it.
    const list = await api(app!.url, 'GET', '/api/projects', { headers: { authorization: `Bearer ${secretToken}` } });
    expect(list.status, list.text).toBe(200);
    expect(list.data).toEqual([]);
  });

  it('several CLI commands at once all go through', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        runCli(cliEnv(), ['org', 'create', '--name', `Parallel ${i}`, '--email', randomEmail(`p${i}`)]),
      ),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const keys = new Set(results.map((r) => r.json.secretToken));
    expect(keys.size).toBe(3);
    const migrate = await runCli(cliEnv(), ['db', 'migrate']);
    expect(migrate.code, migrate.stderr).toBe(0);
  });

  it('a CLI error (bad arguments) is reported, and the app keeps running', async () => {
    const bad = await runCli(cliEnv(), ['org', 'create', '--name', 'X', '--email', 'not-an-email']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/email/i);
    const list = await api(app!.url, 'GET', '/api/projects', { headers: { authorization: `Bearer ${secretToken}` } });
    expect(list.status).toBe(200);
  });

  it('runs the whole magic-link flow', async () => {
    const created = await api(app!.url, 'POST', '/api/projects', {
      headers: { 'x-upid-organization-key': secretToken },
      body: {
        name: 'Embedded App',
        allowedOrigin: 'http://localhost:4321',
        redirectUrl: 'http://localhost:4321/callback',
      },
    });
    expect(created.status, created.text).toBe(201);
    project = created.data;
    expect(project).toMatchObject({
      name: 'Embedded App',
      sessionValidSeconds: 3600,
      clientToken: expect.stringMatching(/^ck_/),
    });

    const client = `projectId=${project.id}&clientToken=${project.clientToken}`;
    const sent = await api(
      app!.url,
      'POST',
      `/api/challenge/send?${client}&emailAddress=${encodeURIComponent(email)}&state=s1`,
    );
    expect(sent.status, sent.text).toBe(201);
    expect(sent.data.status).toBe('sent');

    const messages = await mailbox(app!.url, email);
    expect(messages).toHaveLength(1);
    const message = messages[0]!;
    expect(message.subject).toContain('Embedded App');
    const link = message.links.find((l: string) => l.startsWith(`${app!.url}/l/`)) ?? '';
    expect(link, JSON.stringify(message.links)).toBeTruthy();
    const code = codeOfLink(link);

    const landing = await fetch(link, { redirect: 'manual' });
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('Embedded App');

    const cont = await pressContinue(app!.url, code);
    expect(cont.status).toBe(303);
    const location = new URL(cont.location!);
    expect(location.searchParams.get('code')).toBe(code);
    expect(location.searchParams.get('state')).toBe('s1');

    const verified = await api(app!.url, 'POST', '/api/challenge/verify', {
      body: { projectId: project.id, clientToken: project.clientToken, challengeCode: code },
    });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data).toMatchObject({
      status: 'verified',
      session: { status: 'active' },
      user: { emailAddress: email },
    });
    sessionCode = verified.data.session.code;
    firstUserHash = verified.data.user.userHash;

    const again = await api(app!.url, 'POST', '/api/challenge/verify', {
      body: { projectId: project.id, clientToken: project.clientToken, challengeCode: code },
    });
    expect(again.status).toBe(409);

    const session = await api(app!.url, 'GET', `/api/session?${client}&sessionCode=${sessionCode}`);
    expect(session.status, session.text).toBe(200);
    expect(session.data).toMatchObject({ code: sessionCode, status: 'active' });
    expect(Date.parse(session.data.expiresAt) - Date.parse(session.data.createdAt)).toBe(3600_000);

    const user = await api(app!.url, 'GET', `/api/user?${client}&sessionCode=${sessionCode}`);
    expect(user.status, user.text).toBe(200);
    expect(user.data).toMatchObject({ emailAddress: email, userHash: firstUserHash });
  });

  it('concurrent verifies of one code: exactly one wins (PGlite serializes them correctly)', async () => {
    const other = randomEmail('race');
    const client = { projectId: project.id, clientToken: project.clientToken };
    expect(
      (await api(app!.url, 'POST', '/api/challenge/send', { body: { ...client, emailAddress: other } })).status,
    ).toBe(201);
    const code = await latestCode(app!.url, other);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        api(app!.url, 'POST', '/api/challenge/verify', { body: { ...client, challengeCode: code } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
  });

  it('a second app on the same DATA_DIR refuses to start while the first one runs', async () => {
    await expect(startApp({ database: 'embedded', dataDir })).rejects.toThrow(/open in another process/);
    // and the first one is unharmed: it serves requests and still takes CLI commands
    const org = await runCli(cliEnv(), ['org', 'create', '--name', 'Still There', '--email', randomEmail('still')]);
    expect(org.code, org.stderr).toBe(0);
    const list = await api(app!.url, 'GET', '/api/projects', { headers: { authorization: `Bearer ${secretToken}` } });
    expect(list.status).toBe(200);
    expect(list.data.map((p: any) => p.id)).toEqual([project.id]);
  });
});

describe('embedded PGlite, app stopped', () => {
  let offlineKey: string;

  beforeAll(async () => {
    await app!.stop();
  });

  it('the CLI opens the embedded database itself', async () => {
    const env = cliEnv();
    const org = await runCli(env, ['org', 'create', '--name', 'Offline Org', '--email', randomEmail('offline')]);
    expect(org.code, org.stderr).toBe(0);
    expect(org.json.secretToken).toMatch(/^sk_/);
    expect(org.stderr).not.toMatch(/sending the command/i);
    offlineKey = org.json.secretToken;
    // and releases it: the owner record is gone once the CLI exits
    const ownerFile = path.join(dataDir, 'embedded.json');
    if (existsSync(ownerFile)) {
      const owner = JSON.parse(readFileSync(ownerFile, 'utf8'));
      expect(() => process.kill(owner.pid, 0)).toThrow();
    }
  });

  it('after a restart on the same DATA_DIR, everything created before is still there', async () => {
    app = await startApp({ database: 'embedded', dataDir, env: { RATE_LIMIT_SEND_PER_ADDRESS: '100/1m' } });

    const list = await api(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': secretToken } });
    expect(list.status, list.text).toBe(200);
    expect(list.data.map((p: any) => p.id)).toEqual([project.id]);
    expect(list.data[0]).toMatchObject({ name: 'Embedded App', clientToken: project.clientToken });

    const offline = await api(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': offlineKey } });
    expect(offline.status, offline.text).toBe(200);
    expect(offline.data).toEqual([]);

    const client = `projectId=${project.id}&clientToken=${project.clientToken}`;
    const session = await api(app.url, 'GET', `/api/session?${client}&sessionCode=${sessionCode}`);
    expect(session.status, session.text).toBe(200);
    expect(session.data.status).toBe('active');
    const user = await api(app.url, 'GET', `/api/user?${client}&sessionCode=${sessionCode}`);
    expect(user.status).toBe(200);
    expect(user.data.userHash).toBe(firstUserHash);

    // The mailbox survived too (sealed under the same SESSION_SECRET).
    expect(await mailbox(app.url, email)).toHaveLength(1);

    // And the restarted app takes CLI commands through its control socket again.
    const org = await runCli(cliEnv(), ['org', 'create', '--name', 'After Restart', '--email', randomEmail('again')]);
    expect(org.code, org.stderr).toBe(0);
    const fresh = await api(app.url, 'GET', '/api/projects', {
      headers: { 'x-upid-organization-key': org.json.secretToken },
    });
    expect(fresh.status).toBe(200);
  });

  it('a new sign-in on the same address after the restart keeps the same user', async () => {
    const client = { projectId: project.id, clientToken: project.clientToken };
    expect(
      (await api(app!.url, 'POST', '/api/challenge/send', { body: { ...client, emailAddress: email.toUpperCase() } }))
        .status,
    ).toBe(201);
    const messages = await mailbox(app!.url, email);
    expect(messages).toHaveLength(2);
    const code = codeOfLink(messages[0]!.links[0]!);
    const verified = await api(app!.url, 'POST', '/api/challenge/verify', { body: { ...client, challengeCode: code } });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data.user.userHash).toBe(firstUserHash);
    expect(verified.data.session.code).not.toBe(sessionCode);
  });
});

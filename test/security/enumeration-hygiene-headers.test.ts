// No enumeration (same answer and about the same time for users and strangers), link
// hygiene (older links keep working, each once; used 409, expired 410, and the landing
// page says so), and the headers every page and every /api answer carry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  codeOfLink,
  mailbox,
  randomEmail,
  sendChallenge,
  sendMagicLink,
  setupProject,
  type TestProject,
  verifyChallenge,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createWorkflow, startHostedLogin } from '../support/hosted';
import { connect } from '../support/postgres';
import { type ResendStub, startResendStub } from '../support/resend-stub';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('no enumeration through the hosted sign_in page (mail provider takes 300 ms)', () => {
  let stub: ResendStub;
  let app: AppServer;
  let project: TestProject;
  let secretToken: string;
  beforeAll(async () => {
    stub = await startResendStub();
    stub.delayMs = 300;
    app = await startApp({
      env: {
        MAIL_TRANSPORT: 'resend',
        RESEND_API_KEY: 're_test_enum',
        MAIL_FROM: 'UAuth <login@uauth.test>',
        RESEND_BASE_URL: stub.url,
        RATE_LIMIT_SEND_PER_ADDRESS: 'off',
        RATE_LIMIT_SEND_PER_IP: 'off',
      },
    });
    ({ project, secretToken } = await setupProject(app));
  });
  afterAll(async () => {
    await app?.stop();
    await stub?.close();
  });

  it('REST send: a known user and a stranger get the same status and the same body shape', async () => {
    const known = randomEmail('known');
    await sendChallenge(app.url, project, known);
    const link = stub.emails.at(-1)!.body.html!.match(/href="([^"]+\/l\/[^"]+)"/)![1]!;
    expect((await verifyChallenge(app.url, project, codeOfLink(link))).status).toBe(200);
    const a = await sendChallenge(app.url, project, known);
    const b = await sendChallenge(app.url, project, randomEmail('stranger'));
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(Object.keys(a.data).sort()).toEqual(Object.keys(b.data).sort());
  });

  it('hosted sign_in: a stranger gets the same redirect as a user, about as slowly, and no email', async () => {
    // a user of the project
    const user = randomEmail('member');
    await sendChallenge(app.url, project, user);
    const link = stub.emails.at(-1)!.body.html!.match(/href="([^"]+\/l\/[^"]+)"/)![1]!;
    expect((await verifyChallenge(app.url, project, codeOfLink(link))).status).toBe(200);

    const { workflowKey } = await createWorkflow(app.url, secretToken, project, { policyId: 'sign_in' });
    const submit = async (email: string) => {
      const { sessionId } = await startHostedLogin(app.url, secretToken, workflowKey);
      const started = performance.now();
      const res = await fetch(`${app.url}/uauth/submit`, {
        method: 'POST',
        body: new URLSearchParams({ sessionId, email }),
        redirect: 'manual',
      });
      const ms = performance.now() - started;
      const location = (res.headers.get('location') ?? '').replace(sessionId, 'ID');
      return { status: res.status, location, ms };
    };

    const sentBefore = stub.emails.length;
    const users = [];
    const strangers = [];
    for (let i = 0; i < 5; i++) {
      users.push(await submit(user));
      strangers.push(await submit(randomEmail('nobody')));
    }
    expect(new Set([...users, ...strangers].map((r) => `${r.status} ${r.location}`)).size).toBe(1);
    expect(stub.emails.length - sentBefore).toBe(5); // only the user's five
    const userMs = median(users.map((r) => r.ms));
    const strangerMs = median(strangers.map((r) => r.ms));
    // Without the padding a stranger's answer takes a few ms against the user's 300+.
    expect(userMs).toBeGreaterThan(250);
    expect(strangerMs, `stranger ${strangerMs.toFixed(0)} ms vs user ${userMs.toFixed(0)} ms`).toBeGreaterThan(
      userMs * 0.6,
    );
  });
});

describe('link hygiene', () => {
  let app: AppServer;
  let project: TestProject;
  let sql: ReturnType<typeof connect>;
  beforeAll(async () => {
    app = await startApp({ env: { RATE_LIMIT_SEND_PER_ADDRESS: '100/1m' } });
    sql = connect(app.databaseUrl!);
    ({ project } = await setupProject(app));
  });
  afterAll(async () => {
    await sql?.end();
    await app?.stop();
  });

  it('a newer email leaves the older link working (once); each link is single-use', async () => {
    const email = randomEmail('hygiene');
    expect((await sendChallenge(app.url, project, email)).status).toBe(201);
    expect((await sendChallenge(app.url, project, email)).status).toBe(201);
    const [newer, older] = (await mailbox(app.url, email)).map((m) => codeOfLink(m.links[0]!));
    expect(newer).not.toBe(older);
    expect((await verifyChallenge(app.url, project, older!)).status).toBe(200);
    expect((await verifyChallenge(app.url, project, newer!)).status).toBe(200);
    const again = await verifyChallenge(app.url, project, older!);
    expect(again.status).toBe(409);
    expect(again.data.code).toBe('challenge_used');
    // the landing page says so, with the status the API uses
    const landing = await fetch(`${app.url}/l/${older}`);
    expect(landing.status).toBe(409);
    expect(await landing.text()).toMatch(/already been used/i);
  });

  it('an expired link answers 410 at verify and on the landing page, and never signs in', async () => {
    const email = randomEmail('expired');
    const { code } = await sendMagicLink(app.url, project, email);
    await sql`update challenges set expires_at = now() - interval '1 second' where email = ${email}`;
    const landing = await fetch(`${app.url}/l/${code}`);
    expect(landing.status).toBe(410);
    expect(await landing.text()).toMatch(/expired/i);
    const res = await verifyChallenge(app.url, project, code);
    expect(res.status).toBe(410);
    expect(res.data.code).toBe('challenge_expired');
    expect((await verifyChallenge(app.url, project, code)).status).toBe(410);
  });

  it('every HTML page carries a nonce CSP without unsafe-inline scripts, nosniff, no-referrer and no framing', async () => {
    const pages = [
      '/',
      '/uauth',
      `/uauth?sessionId=${'0'.repeat(32)}`,
      `/l/${'Q'.repeat(43)}`,
      '/login',
      '/docs',
      '/dev/mailbox',
      '/no-such-page',
    ];
    for (const path of pages) {
      const res = await fetch(`${app.url}${path}`, { redirect: 'manual' });
      const html = await res.text();
      const csp = res.headers.get('content-security-policy') ?? '';
      const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      expect(scriptSrc, path).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
      expect(scriptSrc, path).not.toContain("'unsafe-inline'");
      expect(scriptSrc, path).not.toContain("'unsafe-eval'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toMatch(path === '/login' ? /^same-origin$/ : /^no-referrer$/);
      // every inline or external script of the page carries this response's nonce
      const nonce = scriptSrc.match(/'nonce-([^']+)'/)![1]!;
      for (const tag of html.match(/<script\b[^>]*>/g) ?? [])
        expect(tag, `${path}: ${tag}`).toContain(`nonce="${nonce}"`);
    }
    // a fresh nonce per response
    const a = (await fetch(`${app.url}/`)).headers.get('content-security-policy');
    const b = (await fetch(`${app.url}/`)).headers.get('content-security-policy');
    expect(a).not.toBe(b);
  });

  // (GET /api/openapi.json, public and secret-free, is the one cacheable answer.)
  it('no /api answer may be cached: success and error alike carry Cache-Control: no-store', async () => {
    const email = randomEmail('nostore');
    const answers = [
      await sendChallenge(app.url, project, email),
      await verifyChallenge(app.url, project, 'x'.repeat(43)),
      await api(
        app.url,
        'GET',
        `/api/session?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=nope`,
      ),
      await api(
        app.url,
        'GET',
        `/api/user?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=nope`,
      ),
      await api(app.url, 'GET', '/api/projects'),
      await api(app.url, 'GET', '/api/no-such-route'),
    ];
    const [message] = await mailbox(app.url, email);
    answers.push(await verifyChallenge(app.url, project, codeOfLink(message!.links[0]!)));
    for (const res of answers)
      expect(res.headers.get('cache-control'), `${res.status} ${res.text.slice(0, 80)}`).toMatch(/no-store/);
  });
});

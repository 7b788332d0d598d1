// Email through Resend: the real `resend` SDK, pointed at a local stub with
// RESEND_BASE_URL, which records what it receives and can be told to fail or hang.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { api, randomEmail, sendChallenge, setupProject, verifyChallenge } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { pressContinue } from '../support/pages';
import { connect } from '../support/postgres';
import { expectProblem } from '../support/problem';
import { type ResendStub, startResendStub } from '../support/resend-stub';

const MAIL_FROM = 'UAuth <login@uauth.test>';

let stub: ResendStub;
let app: AppServer;
let sql: ReturnType<typeof connect>;
let project: any;

beforeAll(async () => {
  stub = await startResendStub();
  app = await startApp({
    env: {
      MAIL_TRANSPORT: 'resend',
      RESEND_API_KEY: 're_test_123',
      MAIL_FROM,
      RESEND_BASE_URL: stub.url,
      MAIL_TIMEOUT_MS: '1500',
    },
  });
  sql = connect(app.databaseUrl!);
  ({ project } = await setupProject(app, { name: 'Resend Test App' }));
});

afterAll(async () => {
  await sql?.end();
  await app?.stop();
  await stub?.close();
});

beforeEach(() => {
  stub.mode = 'ok';
  stub.failStatus = 500;
});

const send = (emailAddress: string, extra: Record<string, string> = {}) =>
  sendChallenge(app.url, project, emailAddress, { body: extra });

async function rowsFor(email: string) {
  const challenges = await sql`select used_at, failed_at, expires_at from challenges where email = ${email}`;
  const messages =
    await sql`select transport, status, error, provider_message_id, sealed_content from email_messages where to_address = ${email}`;
  return { challenges, messages };
}

describe('sending with Resend', () => {
  it('sends one email with from, to, subject, html and text, authenticated with the API key', async () => {
    const email = randomEmail('resend');
    const before = stub.emails.length;
    const sent = await send(email, { state: 'xyz' });
    expect(sent.status, sent.text).toBe(201);
    expect(sent.data).toMatchObject({ status: 'sent', expiresAt: expect.any(String) });

    const received = stub.emails.slice(before);
    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    expect(headers.authorization).toBe('Bearer re_test_123');
    expect(body.from).toBe(MAIL_FROM);
    expect([body.to].flat()).toEqual([email]);
    expect(body.subject).toContain('Resend Test App');
    expect(body.subject).not.toMatch(/[\r\n]/);

    const linkPattern = new RegExp(`${app.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/l/([A-Za-z0-9_-]{22,})`);
    const htmlLink = body.html?.match(linkPattern);
    expect(htmlLink, body.html).not.toBeNull();
    expect(body.html).toContain(`href="${htmlLink![0]}"`);
    expect(body.text).toContain(htmlLink![0]);
    expect(body.text).not.toMatch(/<[a-z]/i);

    // The delivery log says it went out; no sealed copy of a live link is kept.
    const { challenges, messages } = await rowsFor(email);
    expect(challenges).toHaveLength(1);
    expect(challenges[0]!.failed_at).toBeNull();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      transport: 'resend',
      status: 'sent',
      provider_message_id: expect.stringMatching(/^stub-/),
    });
    expect(messages[0]!.sealed_content).toBeNull();

    // The delivered link works end to end: landing page, Continue, verify.
    const code = htmlLink![1]!;
    const landing = await fetch(htmlLink![0], { redirect: 'manual' });
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('Resend Test App');
    const cont = await pressContinue(app.url, code);
    expect(cont.status).toBe(303);
    const location = new URL(cont.location!);
    expect(location.origin + location.pathname).toBe('http://localhost:4321/callback');
    expect(location.searchParams.get('code')).toBe(code);
    expect(location.searchParams.get('state')).toBe('xyz');
    const verified = await verifyChallenge(app.url, project, code);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data.user.emailAddress).toBe(email);
  });

  it('normalizes the recipient (trimmed, lower-cased)', async () => {
    const email = randomEmail('mixed');
    const before = stub.emails.length;
    const sent = await send(`  ${email.toUpperCase()} `);
    expect(sent.status, sent.text).toBe(201);
    expect(stub.emails.slice(before).map((e) => [e.body.to].flat())).toEqual([[email]]);
  });

  it('the development mailbox does not exist when Resend is configured', async () => {
    const email = randomEmail('nomailbox');
    expect((await send(email)).status).toBe(201);

    const apiMailbox = await api(app.url, 'GET', `/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    expectProblem(apiMailbox, 404);
    expect(apiMailbox.text).not.toContain(email);
    const apiMailboxAll = await api(app.url, 'GET', '/api/dev/mailbox');
    expectProblem(apiMailboxAll, 404);

    for (const path of ['/dev/mailbox', `/dev/mailbox?to=${encodeURIComponent(email)}`]) {
      const page = await fetch(`${app.url}${path}`, { redirect: 'manual' });
      expect(page.status, path).toBe(404);
      const html = await page.text();
      expect(html).not.toContain(email);
      expect(html).not.toContain('/l/');
    }
  });
});

describe('when Resend fails', () => {
  for (const failStatus of [500, 422, 429]) {
    it(`a ${failStatus} from the provider answers 502 and leaves nothing usable`, async () => {
      stub.mode = 'fail';
      stub.failStatus = failStatus;
      const email = randomEmail(`fail${failStatus}`);
      const before = stub.emails.length;
      const sent = await send(email);
      expectProblem(sent, 502);
      expect(stub.emails.length).toBe(before);

      // The code never reached anyone, and it could never be verified: the challenge is
      // marked failed and the delivery log says so.
      const { challenges, messages } = await rowsFor(email);
      expect(challenges).toHaveLength(1);
      expect(challenges[0]!.failed_at).toBeInstanceOf(Date);
      expect(challenges[0]!.used_at).toBeNull();
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ transport: 'resend', status: 'failed' });
      expect(messages[0]!.error).toBeTruthy();
      // Only failed challenges exist for this address.
      const usable = await sql`select id from challenges where email = ${email} and failed_at is null`;
      expect(usable).toHaveLength(0);
    });
  }

  it('a provider that does not answer makes send answer 502 after MAIL_TIMEOUT_MS (1.5 s), not hang', async () => {
    stub.mode = 'hang';
    const email = randomEmail('hang');
    const started = Date.now();
    const sent = await send(email).catch((error: unknown) => ({
      status: -1,
      headers: new Headers(),
      data: undefined,
      text: String(error),
    }));
    const elapsed = Date.now() - started;
    expectProblem(sent, 502);
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(5000);

    const { challenges, messages } = await rowsFor(email);
    expect(challenges).toHaveLength(1);
    expect(challenges[0]!.failed_at).toBeInstanceOf(Date);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.status).toBe('failed');
  }, 15_000);

  it('sends work again once the provider is back', async () => {
    stub.mode = 'fail';
    expect((await send(randomEmail('down'))).status).toBe(502);

    stub.mode = 'ok';
    const email = randomEmail('back');
    const before = stub.emails.length;
    const sent = await send(email);
    expect(sent.status, sent.text).toBe(201);
    expect(stub.emails.slice(before)).toHaveLength(1);
    expect([stub.emails.at(-1)!.body.to].flat()).toEqual([email]);
    const { messages } = await rowsFor(email);
    expect(messages.map((m) => m.status)).toEqual(['sent']);
  });
});

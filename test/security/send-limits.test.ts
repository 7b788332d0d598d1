// Send limits keyed to what they protect, counted in one place (sendChallenge) for the REST
// API and the hosted page alike: the end user's IP named by a server with the secret key,
// the organization's quota across its projects, and one bucket for an address's aliases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, mailbox, randomEmail, sendChallenge, setupProject, type TestProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createWorkflow, startHostedLogin } from '../support/hosted';
import { connect } from '../support/postgres';
import { expectRateLimited } from '../support/problem';

const apps: AppServer[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
});

async function app(env: Record<string, string>) {
  const started = await startApp({ env });
  apps.push(started);
  return started;
}

const local = () => `u${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;

/** A workflow of the project; submit() starts a hosted login of it and posts the hosted form. */
async function hostedPage(a: AppServer, project: TestProject, secretToken: string, policyId = 'sign_up_sign_in') {
  const { workflowKey } = await createWorkflow(a.url, secretToken, project, { policyId });
  return async (email: string) => {
    const { sessionId } = await startHostedLogin(a.url, secretToken, workflowKey);
    const res = await fetch(`${a.url}/uauth/submit`, {
      method: 'POST',
      body: new URLSearchParams({ sessionId, email }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const target = new URL(res.headers.get('location')!);
    return { sent: target.searchParams.get('sent'), error: target.searchParams.get('error') };
  };
}

describe('x-uauth-end-user-ip (secret key): the per-IP limit counts the end user, not the calling server', () => {
  it('two end users behind one server are counted apart, and one of them is limited', async () => {
    const a = await app({ RATE_LIMIT_SEND_PER_IP: '2/1h' });
    const { project, secretToken } = await setupProject(a);
    const send = (endUserIp: string, email = randomEmail('eu')) =>
      api(a.url, 'POST', '/api/challenge/send', {
        headers: { 'x-upid-organization-key': secretToken, 'x-uauth-end-user-ip': endUserIp },
        body: { projectId: project.id, emailAddress: email },
      });
    expect((await send('198.51.100.10')).status).toBe(201);
    expect((await send('198.51.100.10')).status).toBe(201);
    const email = randomEmail('limited');
    expectRateLimited(await send('198.51.100.10', email), /this network address/);
    expect(await mailbox(a.url, email)).toHaveLength(0);
    // another end user through the same server, and the server's own address, are not held up
    expect((await send('198.51.100.11')).status).toBe(201);
    expect((await send('198.51.100.11')).status).toBe(201);
    const own = await api(a.url, 'POST', '/api/challenge/send', {
      headers: { authorization: `Bearer ${secretToken}` },
      body: { projectId: project.id, emailAddress: randomEmail('own') },
    });
    expect(own.status, own.text).toBe(201);
    // IPv6 end users are counted per /64, IPv4-mapped addresses as IPv4
    expect((await send('2001:db8:aa:1::1')).status).toBe(201);
    expect((await send('2001:db8:aa:1:ffff::2')).status).toBe(201);
    expectRateLimited(await send('2001:db8:aa:1::3'), /this network address/);
    expect((await send('2001:db8:aa:2::1')).status).toBe(201);
    expectRateLimited(await send('::ffff:198.51.100.10'), /this network address/);
  });

  it('a client-token caller cannot name an IP: its own address is counted whatever the header says', async () => {
    const a = await app({ RATE_LIMIT_SEND_PER_IP: '2/1h' });
    const { project } = await setupProject(a);
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(
        await sendChallenge(a.url, project, randomEmail('ct'), {
          headers: { 'x-uauth-end-user-ip': `203.0.113.${i + 1}` },
        }),
      );
    }
    expect(results.slice(0, 2).map((r) => r.status)).toEqual([201, 201]);
    expectRateLimited(results[2]!, /this network address/);
  });
});

describe('per-organization quota (RATE_LIMIT_SEND_PER_ORGANIZATION)', () => {
  it('all projects of an organization share it, REST and hosted page together; other organizations are not held up', async () => {
    const a = await app({ RATE_LIMIT_SEND_PER_ORGANIZATION: '4/1h' });
    const { project: first, secretToken } = await setupProject(a);
    const created = await api(a.url, 'POST', '/api/projects', {
      headers: { 'x-upid-organization-key': secretToken },
      body: { name: 'Second', allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/cb' },
    });
    expect(created.status, created.text).toBe(201);
    const second: TestProject = created.data;
    const hostedSecond = await hostedPage(a, second, secretToken);
    const hostedFirst = await hostedPage(a, first, secretToken);

    // four sends of one organization: REST on both projects, the hosted page, the secret key
    expect((await sendChallenge(a.url, first, randomEmail('org1'))).status).toBe(201);
    expect((await sendChallenge(a.url, second, randomEmail('org2'))).status).toBe(201);
    expect(await hostedSecond(randomEmail('org3'))).toEqual({ sent: '1', error: null });
    const byKey = await api(a.url, 'POST', '/api/challenge/send', {
      headers: { 'x-upid-organization-key': secretToken },
      body: { projectId: first.id, emailAddress: randomEmail('org4') },
    });
    expect(byKey.status, byKey.text).toBe(201);

    // the fifth is refused on either project and either path, and nothing goes out
    const restEmail = randomEmail('over-rest');
    const retryAfter = expectRateLimited(await sendChallenge(a.url, first, restEmail), /organization/);
    expect(retryAfter).toBeGreaterThan(3_500);
    expect(retryAfter).toBeLessThanOrEqual(3_600);
    expect(await mailbox(a.url, restEmail)).toHaveLength(0);
    expectRateLimited(await sendChallenge(a.url, second, randomEmail('over-rest2')), /organization/);
    const hostedEmail = randomEmail('over-hosted');
    expect(await hostedFirst(hostedEmail)).toEqual({ sent: '1', error: 'wait' });
    expect(await mailbox(a.url, hostedEmail)).toHaveLength(0);

    // another organization has its own quota
    const other = await setupProject(a, { name: 'Other org' });
    expect((await sendChallenge(a.url, other.project, randomEmail('other-org'))).status).toBe(201);
  });

  it("counts a hosted sign_in page's strangers too, so the quota does not tell users from strangers", async () => {
    const a = await app({ RATE_LIMIT_SEND_PER_ORGANIZATION: '2/1h' });
    const { project, secretToken } = await setupProject(a);
    const signIn = await hostedPage(a, project, secretToken, 'sign_in');
    expect(await signIn(randomEmail('stranger1'))).toEqual({ sent: '1', error: null });
    expect(await signIn(randomEmail('stranger2'))).toEqual({ sent: '1', error: null });
    expect(await signIn(randomEmail('stranger3'))).toEqual({ sent: '1', error: 'wait' });
    expectRateLimited(await sendChallenge(a.url, project, randomEmail('after')), /organization/);
  });
});

describe('the per-address limit folds aliases (default 1 per 30 s)', () => {
  let a: AppServer;
  let project: TestProject;
  let secretToken: string;
  beforeAll(async () => {
    a = await app({});
    ({ project, secretToken } = await setupProject(a));
  });

  it('+tags count as the mailbox, while the mail goes to the address as given', async () => {
    const name = local();
    const tagged = `${name}+news@example.test`;
    expect((await sendChallenge(a.url, project, tagged)).status).toBe(201);
    // stored and mailed as given
    const messages = await mailbox(a.url, tagged);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.to).toBe(tagged);
    const sql = connect(a.databaseUrl!);
    try {
      expect((await sql`select email from challenges where email like ${`${name}%`}`).map((r) => r.email)).toEqual([
        tagged,
      ]);
    } finally {
      await sql.end();
    }
    expectRateLimited(await sendChallenge(a.url, project, `${name}@example.test`), /this email address/);
    expectRateLimited(await sendChallenge(a.url, project, `${name}+other@example.test`), /this email address/);
    expect(await mailbox(a.url, `${name}@example.test`)).toHaveLength(0);
    expect(await mailbox(a.url, `${name}+other@example.test`)).toHaveLength(0);
    // dots still matter outside Gmail, and another domain is another mailbox
    expect((await sendChallenge(a.url, project, `${name.slice(0, 3)}.${name.slice(3)}@example.test`)).status).toBe(201);
    expect((await sendChallenge(a.url, project, `${name}@example.org`)).status).toBe(201);
  });

  it('Gmail: dots are ignored and googlemail.com counts as gmail.com', async () => {
    const name = local();
    const dotted = `${name.slice(0, 2)}.${name.slice(2, 5)}.${name.slice(5)}@gmail.com`;
    expect((await sendChallenge(a.url, project, dotted)).status).toBe(201);
    expect((await mailbox(a.url, dotted))[0]!.to).toBe(dotted);
    expectRateLimited(await sendChallenge(a.url, project, `${name}@gmail.com`), /this email address/);
    expectRateLimited(await sendChallenge(a.url, project, `${name}@googlemail.com`), /this email address/);
    expectRateLimited(
      await sendChallenge(a.url, project, `${name.slice(0, 4)}.${name.slice(4)}+x@googlemail.com`),
      /this email address/,
    );

    const other = local();
    const google = `${other}@googlemail.com`;
    expect((await sendChallenge(a.url, project, google)).status).toBe(201);
    expect((await mailbox(a.url, google))[0]!.to).toBe(google);
    expectRateLimited(
      await sendChallenge(a.url, project, `${other.slice(0, 1)}.${other.slice(1)}@gmail.com`),
      /this email address/,
    );
  });

  it('the hosted page and a server with the secret key share the folded bucket', async () => {
    const name = local();
    const submit = await hostedPage(a, project, secretToken);
    expect(await submit(`${name}+hosted@example.test`)).toEqual({ sent: '1', error: null });
    expect(await submit(`${name}@example.test`)).toEqual({ sent: '1', error: 'wait' });
    const byKey = await api(a.url, 'POST', '/api/challenge/send', {
      headers: { 'x-upid-organization-key': secretToken },
      body: { projectId: project.id, emailAddress: `${name}+api@example.test` },
    });
    expectRateLimited(byKey, /this email address/);
    expect(await mailbox(a.url, `${name}@example.test`)).toHaveLength(0);
  });
});

describe("the dashboard's own sign-in link", () => {
  it('is not counted against the send limits (it has RATE_LIMIT_SIGN_IN_* of its own)', async () => {
    const a = await app({
      RATE_LIMIT_SEND_PER_ORGANIZATION: '1/1h',
      RATE_LIMIT_SEND_PER_IP: '1/1h',
      RATE_LIMIT_SEND_PER_ADDRESS: '1/1h',
    });
    for (let i = 0; i < 3; i++) {
      const email = randomEmail('dashboard');
      const res = await fetch(`${a.url}/login/submit`, {
        method: 'POST',
        headers: { origin: a.url },
        body: new URLSearchParams({ email }),
        redirect: 'manual',
      });
      expect(res.headers.get('location')).toMatch(/\/login\?sent=1$/);
      expect(await mailbox(a.url, email)).toHaveLength(1);
    }
  });
});

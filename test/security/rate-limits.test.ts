// Abuse limits, end to end: every limit is counted in PostgreSQL, answered with 429
// problem JSON and Retry-After, counts nothing when it refuses, holds across app
// instances, and cannot be dodged by inventing X-Forwarded-For headers.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  mailbox,
  randomEmail,
  sendChallenge,
  setupProject,
  type TestProject,
  verifyChallenge,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { expectRateLimited } from '../support/problem';

const apps: AppServer[] = [];
afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
});

async function app(env: Record<string, string> = {}, databaseUrl?: string) {
  const started = await startApp({ env, ...(databaseUrl ? { databaseUrl } : {}) });
  apps.push(started);
  return started;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('default limits (no RATE_LIMIT_* set)', () => {
  let a: AppServer;
  let project: TestProject;
  let other: TestProject;
  beforeAll(async () => {
    a = await app();
    project = (await setupProject(a)).project;
    other = (await setupProject(a, { name: 'Other' })).project;
  });

  it('a second send to one address within 30 s is refused with 429 and a Retry-After of at most 30 s', async () => {
    const email = randomEmail('burst');
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
    const refused = await sendChallenge(a.url, project, email);
    const retryAfter = expectRateLimited(refused, /this email address/);
    expect(retryAfter).toBeLessThanOrEqual(30);
    // only the first email went out
    expect(await mailbox(a.url, email)).toHaveLength(1);
  });

  it('the address limit is per project, and other addresses are not held up', async () => {
    const email = randomEmail('per-project');
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
    expect((await sendChallenge(a.url, other, email)).status).toBe(201);
    expect((await sendChallenge(a.url, project, randomEmail('neighbour'))).status).toBe(201);
  });

  it('addresses are compared normalized: upper case and spaces do not open a new window', async () => {
    const email = randomEmail('case');
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
    expectRateLimited(await sendChallenge(a.url, project, `  ${email.toUpperCase()} `), /this email address/);
  });

  it('20 concurrent sends to one address: exactly one is sent', async () => {
    const email = randomEmail('race');
    const results = await Promise.all(Array.from({ length: 20 }, () => sendChallenge(a.url, project, email)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(19);
    expect(await mailbox(a.url, email)).toHaveLength(1);
  });

  it('the counters store neither addresses nor IPs', async () => {
    const email = randomEmail('privacy');
    await sendChallenge(a.url, project, email);
    const sql = postgres(a.databaseUrl!, { max: 1, onnotice: () => {} });
    try {
      const dump = JSON.stringify(await sql`select * from rate_limits`);
      expect(dump).not.toContain(email);
      expect(dump).not.toContain('127.0.0.1');
    } finally {
      await sql.end();
    }
  });
});

describe('windows, per-IP limits and verify (small limits set by environment)', () => {
  let a: AppServer;
  let project: TestProject;
  beforeAll(async () => {
    a = await app({
      RATE_LIMIT_SEND_PER_ADDRESS: '1/2s,3/1h',
      RATE_LIMIT_SEND_PER_IP: '8/1h',
      RATE_LIMIT_VERIFY_PER_IP: '5/1m',
    });
    project = (await setupProject(a)).project;
  });

  it('several windows on one address: the short one reopens, the long one then holds', async () => {
    const email = randomEmail('windows');
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
    expect(expectRateLimited(await sendChallenge(a.url, project, email), /this email address/)).toBeLessThanOrEqual(2);
    await sleep(2_200);
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
    await sleep(2_200);
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
    await sleep(2_200);
    // three in the hour: the next fits only when the first leaves the hour window
    const retryAfter = expectRateLimited(await sendChallenge(a.url, project, email), /this email address/);
    expect(retryAfter).toBeGreaterThan(3_500);
    expect(retryAfter).toBeLessThanOrEqual(3_600);
  });

  it('per client IP: distinct addresses from one IP are limited too, and a made-up X-Forwarded-For does not help', async () => {
    // 3 sends were counted for this IP in the test above (refused ones count nothing):
    // 5 more fit into 8 per hour
    const results = [];
    for (let i = 0; i < 7; i++) {
      results.push(
        await sendChallenge(a.url, project, randomEmail('ip'), { headers: { 'x-forwarded-for': `203.0.113.${i}` } }),
      );
    }
    const statuses = results.map((r) => r.status);
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expectRateLimited(results[5]!, /this network address/);
    expectRateLimited(results[6]!, /this network address/);
  });

  it('failed verify attempts per (project, IP): the 6th failure within a minute is answered 429 instead of 404', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await verifyChallenge(a.url, project, `guess-${i}-${'x'.repeat(30)}`)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses[5]).toBe(429);
  });
});

describe('verify counts only failures, per (project, IP)', () => {
  let a: AppServer;
  let x: TestProject;
  let y: TestProject;
  let sql: ReturnType<typeof postgres>;
  beforeAll(async () => {
    a = await app({ RATE_LIMIT_VERIFY_PER_IP: '5/1m' });
    sql = postgres(a.databaseUrl!, { max: 2, onnotice: () => {} });
    x = (await setupProject(a, { name: 'X' })).project;
    y = (await setupProject(a, { name: 'Y' })).project;
  });
  afterAll(async () => {
    await sql?.end();
  });

  /** Challenges stored as send stores them (inserted directly: 200 sends would meet the send limits). */
  async function codes(p: TestProject, n: number): Promise<string[]> {
    const made = Array.from({ length: n }, () => ({
      code: randomBytes(32).toString('base64url'),
      email: randomEmail('many'),
    }));
    // send stores the address's userHash on the challenge (HMAC-SHA256 under the project's key)
    const [project] = await sql`select user_hash_key from projects where id = ${p.id}`;
    const userHashKey: string = project?.user_hash_key;
    const rows = made.map(({ code, email }) => ({
      project_id: p.id,
      email,
      code_hash: createHash('sha256').update(code).digest('hex'),
      user_hash: createHmac('sha256', userHashKey).update(email, 'utf8').digest('hex'),
      redirect_url: p.redirectUrl,
      expires_at: new Date(Date.now() + 15 * 60_000),
    }));
    await sql`insert into challenges ${sql(rows)}`;
    return made.map((m) => m.code);
  }

  it('200 successful verifies from one IP within a minute all succeed (limit 5/1m), and count nothing', async () => {
    const all = await codes(x, 200);
    const statuses: number[] = [];
    for (let i = 0; i < all.length; i += 10) {
      const batch = await Promise.all(all.slice(i, i + 10).map((code) => verifyChallenge(a.url, x, code)));
      statuses.push(...batch.map((r) => r.status));
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(statuses).toHaveLength(200);
    const [counters] = await sql`select count(*)::int as n from rate_limits`;
    expect(counters!.n).toBe(0);
  });

  it('the 6th failure in project X is 429 with Retry-After; a valid code of X still verifies; project Y is untouched', async () => {
    const [valid, used] = await codes(x, 2);
    expect((await verifyChallenge(a.url, x, used!)).status).toBe(200);
    const failures = [];
    for (let i = 0; i < 4; i++) failures.push((await verifyChallenge(a.url, x, `wrong-${i}-${'z'.repeat(30)}`)).status);
    failures.push((await verifyChallenge(a.url, x, used!)).status);
    expect(failures).toEqual([404, 404, 404, 404, 409]);

    const retryAfter = expectRateLimited(
      await verifyChallenge(a.url, x, `wrong-5-${'z'.repeat(30)}`),
      /this network address/,
    );
    expect(retryAfter).toBeLessThanOrEqual(60);
    // a used code is now answered 429 too, instead of 409
    expectRateLimited(await verifyChallenge(a.url, x, used!), /this network address/);

    // the full bucket blocks no valid code
    const ok = await verifyChallenge(a.url, x, valid!);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.data.status).toBe('verified');

    // failures of X are not counted against Y
    expect((await verifyChallenge(a.url, y, `wrong-y-${'z'.repeat(30)}`)).status).toBe(404);
    const [yValid] = await codes(y, 1);
    expect((await verifyChallenge(a.url, y, yValid!)).status).toBe(200);
  });
});

describe('refused requests', () => {
  it('are not counted: the window reopens when the counted ones leave it, however often the client knocked', async () => {
    const a = await app({ RATE_LIMIT_SEND_PER_ADDRESS: '2/3s' });
    const { project } = await setupProject(a);
    const email = randomEmail('knock');
    const before = Date.now();
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
    const after = Date.now();
    // both counted hits happened between `before` and `after`: until before + 3 s the
    // window is full, and every knock is refused (and, if counted, would hold it shut)
    let knocks = 0;
    do {
      expect((await sendChallenge(a.url, project, email)).status).toBe(429);
      knocks++;
      await sleep(200);
    } while (Date.now() < before + 2_500);
    expect(knocks).toBeGreaterThan(1);
    await sleep(Math.max(0, after + 3_300 - Date.now()));
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
  });
});

describe('TRUST_PROXY', () => {
  it('reads the client IP from the header the proxy sets (its last hop), so clients behind it are counted apart', async () => {
    const a = await app({ TRUST_PROXY: 'x-forwarded-for', RATE_LIMIT_SEND_PER_IP: '2/1h' });
    const { project } = await setupProject(a);
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': `10.9.9.9, ${ip}` } });
    expect((await sendChallenge(a.url, project, randomEmail(), from('198.51.100.1'))).status).toBe(201);
    expect((await sendChallenge(a.url, project, randomEmail(), from('198.51.100.1'))).status).toBe(201);
    expectRateLimited(await sendChallenge(a.url, project, randomEmail(), from('198.51.100.1')), /this network address/);
    // another client of the proxy; the spoofable first entry is ignored
    expect((await sendChallenge(a.url, project, randomEmail(), from('198.51.100.2'))).status).toBe(201);
  });

  it('rejects a malformed TRUST_PROXY at start-up, naming the variable', async () => {
    await expect(app({ TRUST_PROXY: 'x forwarded for' })).rejects.toThrow(/TRUST_PROXY/);
  });

  it('rejects a malformed limit at start-up, naming the variable', async () => {
    await expect(app({ RATE_LIMIT_SEND_PER_IP: 'ten per hour' })).rejects.toThrow(/RATE_LIMIT_SEND_PER_IP/);
  });
});

describe('two instances on one database', () => {
  it('count the same requests: a send through one holds back a send through the other', async () => {
    const a = await app({ RATE_LIMIT_VERIFY_PER_IP: '4/1m' });
    const b = await app({ RATE_LIMIT_VERIFY_PER_IP: '4/1m' }, a.databaseUrl);
    const { project } = await setupProject(a);
    const email = randomEmail('two');
    expect((await sendChallenge(a.url, project, email)).status).toBe(201);
    expectRateLimited(await sendChallenge(b.url, project, email), /this email address/);
    // verify attempts alternate between the instances: the 5th is refused wherever it lands
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const target = i % 2 === 0 ? a : b;
      statuses.push((await verifyChallenge(target.url, project, `nope-${i}-${'y'.repeat(30)}`)).status);
    }
    expect(statuses[4]).toBe(429);
    expect(statuses.slice(0, 4)).not.toContain(429);
  });
});

describe('hosted login page', () => {
  it('"send the email again" right away is held back with a message, and only one email goes out', async () => {
    const a = await app();
    const { project, secretToken } = await setupProject(a);
    const workflow = await api(a.url, 'POST', `/api/projects/${project.id}/workflows`, {
      headers: { 'x-upid-organization-key': secretToken },
      body: { policyId: 'sign_up_sign_in', clientRedirectUrl: `${project.allowedOrigin}/done` },
    });
    expect(workflow.status, workflow.text).toBe(201);
    const session = await api(a.url, 'POST', '/api/uauth/session', {
      headers: { 'x-upid-organization-key': secretToken },
      body: { workflowKey: workflow.data.workflowKey },
    });
    const sessionId = new URL(session.data.getSessionUrl).searchParams.get('sessionId')!;
    const email = randomEmail('hosted');
    const submit = () =>
      fetch(`${a.url}/uauth/submit`, {
        method: 'POST',
        body: new URLSearchParams({ sessionId, email }),
        redirect: 'manual',
      });
    const first = await submit();
    expect(first.status).toBe(303);
    expect(new URL(first.headers.get('location')!).searchParams.get('error')).toBeNull();
    const second = await submit();
    expect(second.status).toBe(303);
    const target = new URL(second.headers.get('location')!);
    expect(target.searchParams.get('error')).toBe('wait');
    const page = await fetch(target, { headers: { cookie: (second.headers.get('set-cookie') ?? '').split(';')[0]! } });
    expect(await page.text()).toContain('Please wait a little before asking for another email.');
    expect(await mailbox(a.url, email)).toHaveLength(1);
  });
});

describe('dashboard sign-in form', () => {
  it('a second link for one address right away is held back ("wait"), and the first link still signs in', async () => {
    const a = await app();
    const email = randomEmail('dash');
    const submit = () =>
      fetch(`${a.url}/login/submit`, {
        method: 'POST',
        body: new URLSearchParams({ email }),
        redirect: 'manual',
        headers: { origin: a.url },
      });
    const first = await submit();
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toMatch(/\/login\?sent=1$/);
    const stateCookie = first.headers.getSetCookie().find((c) => c.startsWith('uauth_login_state='));
    expect(stateCookie).toBeDefined();
    const second = await submit();
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toMatch(/\/login\?error=wait$/);
    // the refused attempt does not replace the state cookie of the link in the inbox
    expect(second.headers.getSetCookie().some((c) => c.startsWith('uauth_login_state='))).toBe(false);
    expect(await mailbox(a.url, email)).toHaveLength(1);
    const page = await fetch(`${a.url}/login?error=wait`);
    expect(await page.text()).toMatch(/wait/i);
  });
});

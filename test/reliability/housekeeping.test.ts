// Housekeeping: the server purges, on its schedule, challenges, sessions and workflow
// sessions that expired longer ago than the grace period, and rate-limit counters whose
// window has passed; rows expired within the grace period and live rows stay (an
// expired code still answers 410). Delivery-log rows (email_messages) and audit events
// go once older than EMAIL_RETENTION_DAYS / AUDIT_RETENTION_DAYS. A PostgreSQL advisory lock lets one instance purge at
// a time: while someone else holds it, neither the server nor the CLI deletes anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, latestCode, randomEmail, runCli, setupProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { connect, createTestDatabase, type TestDatabase } from '../support/postgres';
import { noRateLimits, sleep } from './support';

describe('housekeeping', () => {
  let db: TestDatabase;
  let app: AppServer;
  let sql: ReturnType<typeof connect>;
  let secretToken: string;
  let organizationId: string;
  let project: any;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startApp({
      databaseUrl: db.url,
      env: { ...noRateLimits, HOUSEKEEPING_INTERVAL_SECONDS: '1', HOUSEKEEPING_GRACE_SECONDS: '3600' },
    });
    sql = connect(db.url);
    ({ secretToken, organizationId, project } = await setupProject(app));
  });
  afterAll(async () => {
    await sql?.end();
    await app?.stop();
    await db?.drop();
  });

  const client = { projectId: () => project.id, clientToken: () => project.clientToken };
  const send = async (emailAddress: string) => {
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: client.projectId(), clientToken: client.clientToken(), emailAddress },
    });
    expect(res.status, res.text).toBe(201);
    return latestCode(app.url, emailAddress);
  };
  const verify = (challengeCode: string) =>
    api(app.url, 'POST', '/api/challenge/verify', {
      body: { projectId: client.projectId(), clientToken: client.clientToken(), challengeCode },
    });

  it('purges what expired before the grace period, keeps the rest; one instance at a time', async () => {
    const key = { 'x-upid-organization-key': secretToken };
    const workflow = await api(app.url, 'POST', `/api/projects/${project.id}/workflows`, {
      headers: key,
      body: { policyId: 'sign_up_sign_in', clientRedirectUrl: 'http://localhost:4321/done' },
    });
    expect(workflow.status, workflow.text).toBe(201);
    const workflowSession = async () => {
      const res = await api(app.url, 'POST', '/api/uauth/session', {
        headers: key,
        body: { workflowKey: workflow.data.workflowKey },
      });
      expect(res.status, res.text).toBe(201);
      return new URL(res.data.getSessionUrl).searchParams.get('sessionId')!;
    };

    // Three of each: long expired (purged), recently expired (kept), live (kept).
    const challenge = { old: randomEmail('c-old'), recent: randomEmail('c-recent'), live: randomEmail('c-live') };
    const codes = {
      old: await send(challenge.old),
      recent: await send(challenge.recent),
      live: await send(challenge.live),
    };
    const sessionOwner = { old: randomEmail('s-old'), recent: randomEmail('s-recent'), live: randomEmail('s-live') };
    const sessionCodes: Record<string, string> = {};
    for (const [which, email] of Object.entries(sessionOwner)) {
      const verified = await verify(await send(email));
      expect(verified.status, verified.text).toBe(200);
      sessionCodes[which] = verified.data.session.code;
    }
    const hostedLogins = {
      old: await workflowSession(),
      recent: await workflowSession(),
      live: await workflowSession(),
    };

    // Another instance is purging: hold the lock the purge takes (transaction-scoped there).
    const holder = await sql.reserve();
    await holder`select pg_advisory_lock(1430353268, 1)`;

    const longAgo = sql`now() - interval '2 hours'`;
    const lately = sql`now() - interval '10 minutes'`;
    await sql`update challenges set expires_at = ${longAgo} where email = ${challenge.old}`;
    await sql`update challenges set expires_at = ${lately} where email = ${challenge.recent}`;
    await sql`update sessions set expires_at = ${longAgo} where user_id = (select id from users where email = ${sessionOwner.old})`;
    await sql`update sessions set expires_at = ${lately} where user_id = (select id from users where email = ${sessionOwner.recent})`;
    await sql`update hosted_logins set expires_at = ${longAgo} where id = ${hostedLogins.old}`;
    await sql`update hosted_logins set expires_at = ${lately} where id = ${hostedLogins.recent}`;
    await sql`insert into rate_limits (key, hits, expires_at) values
      ('test:passed', array[now() - interval '2 minutes']::timestamptz[], now() - interval '1 minute'),
      ('test:current', array[now()]::timestamptz[], now() + interval '1 hour')`;

    const counts = async () => {
      const [row] = await sql`select
        (select count(*)::int from challenges where email = any(${Object.values(challenge)})) as challenges,
        (select count(*)::int from sessions s join users u on u.id = s.user_id where u.email = any(${Object.values(sessionOwner)})) as sessions,
        (select count(*)::int from hosted_logins where id = any(${Object.values(hostedLogins)})) as hosted_logins,
        (select count(*)::int from rate_limits where key like 'test:%') as rate_limits`;
      return row;
    };
    const all = { challenges: 3, sessions: 3, hosted_logins: 3, rate_limits: 2 };
    const kept = { challenges: 2, sessions: 2, hosted_logins: 2, rate_limits: 1 };

    // While the lock is held elsewhere: the server's runs (every second) and the CLI skip.
    await sleep(3000);
    expect(await counts()).toEqual(all);
    const skipped = await runCli(app.env, ['housekeeping']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.json).toMatchObject({ ran: false, challenges: 0, sessions: 0, hostedLogins: 0, rateLimits: 0 });
    expect(await counts()).toEqual(all);

    // Lock released: the server's next run purges.
    await holder`select pg_advisory_unlock(1430353268, 1)`;
    holder.release();
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && JSON.stringify(await counts()) !== JSON.stringify(kept)) await sleep(250);
    expect(await counts()).toEqual(kept);
    expect(app.logs()).toMatch(/\[uauth\] housekeeping: purged/);

    const gone = await sql`select 1 from challenges where email = ${challenge.old}
      union all select 1 from hosted_logins where id = ${hostedLogins.old}
      union all select 1 from rate_limits where key = 'test:passed'`;
    expect(gone).toHaveLength(0);

    // What stays still answers meaningfully.
    expect((await verify(codes.recent)).status).toBe(410);
    expect((await verify(codes.old)).status).toBe(404);
    expect((await verify(codes.live)).status).toBe(200);
    const session = (code: string) =>
      api(
        app.url,
        'GET',
        `/api/session?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=${code}`,
      );
    expect((await session(sessionCodes.recent!)).data.status).toBe('expired');
    expect((await session(sessionCodes.live!)).data.status).toBe('active');

    // Nothing left to do: the CLI runs and purges nothing.
    const again = await runCli(app.env, ['housekeeping']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ ran: true, challenges: 0, sessions: 0, hostedLogins: 0, rateLimits: 0 });
  });

  it('the CLI purges with the configured grace period (0: everything expired goes)', async () => {
    const email = randomEmail('grace0');
    await send(email);
    await sql`update challenges set expires_at = now() - interval '1 second' where email = ${email}`;
    // The server purges every second under the same lock: the CLI may find it taken
    // (ran: false) and is simply asked again.
    let res = await runCli({ ...app.env, HOUSEKEEPING_GRACE_SECONDS: '0' }, ['housekeeping']);
    for (let attempt = 0; attempt < 10 && res.code === 0 && res.json?.ran === false; attempt++) {
      await sleep(300);
      res = await runCli({ ...app.env, HOUSEKEEPING_GRACE_SECONDS: '0' }, ['housekeeping']);
    }
    expect(res.code, res.stderr).toBe(0);
    expect(res.json.ran).toBe(true);
    expect(res.json.challenges).toBeGreaterThanOrEqual(1);
    expect(await sql`select 1 from challenges where email = ${email}`).toHaveLength(0);
  });

  /** The CLI's housekeeping, asked again while the server's own run holds the lock. */
  const cliHousekeeping = async (env: Record<string, string>) => {
    let res = await runCli({ ...app.env, ...env }, ['housekeeping']);
    for (let attempt = 0; attempt < 10 && res.code === 0 && res.json?.ran === false; attempt++) {
      await sleep(300);
      res = await runCli({ ...app.env, ...env }, ['housekeeping']);
    }
    expect(res.code, res.stderr).toBe(0);
    expect(res.json.ran).toBe(true);
    return res.json;
  };

  it('purges email_messages and audit_events past their retention (30 and 365 days by default), keeps newer ones', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const ages = { email: [40, 10, 1], audit: [400, 100, 1] };
    for (const days of ages.email)
      await sql`insert into email_messages (organization_id, to_address, subject, transport, status, created_at, updated_at)
        values (${organizationId}, ${`retention-${tag}-${days}d@example.test`}, 'old mail', 'outbox', 'stored',
          now() - make_interval(days => ${days}), now() - make_interval(days => ${days}))`;
    for (const days of ages.audit)
      await sql`insert into audit_events (organization_id, actor_email, action, target_id, created_at)
        values (${organizationId}, 'owner@example.test', 'test.retention', ${`${tag}-${days}d`}, now() - make_interval(days => ${days}))`;
    const left = async () => ({
      email: (
        await sql`select to_address from email_messages where to_address like ${`retention-${tag}-%`} order by created_at`
      ).map((r) => Number(/-(\d+)d@/.exec(r.to_address)?.[1])),
      audit: (await sql`select target_id from audit_events where target_id like ${`${tag}-%`} order by created_at`).map(
        (r) => Number(/-(\d+)d$/.exec(r.target_id)?.[1]),
      ),
    });
    expect(await left()).toEqual({ email: [40, 10, 1], audit: [400, 100, 1] });

    // Default retention (the server's runs or this one): the 40-day mail and the 400-day event go.
    const first = await cliHousekeeping({});
    expect(first).toMatchObject({ emailMessages: expect.any(Number), auditEvents: expect.any(Number) });
    expect(await left()).toEqual({ email: [10, 1], audit: [100, 1] });

    // Shorter retention from the environment: this run (the server keeps its defaults) purges
    // the 10-day mail and the 100-day event, and reports them.
    const second = await cliHousekeeping({ EMAIL_RETENTION_DAYS: '7', AUDIT_RETENTION_DAYS: '30' });
    expect(second.emailMessages).toBe(1);
    expect(second.auditEvents).toBe(1);
    expect(await left()).toEqual({ email: [1], audit: [1] });
  });

  it('purges invitations expired longer than the grace period, answered or not; keeps the others', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    // this app keeps expired rows for one hour (HOUSEKEEPING_GRACE_SECONDS=3600)
    const rows = [
      { name: 'old-pending', expiredMinutesAgo: 180, accepted: false },
      { name: 'old-accepted', expiredMinutesAgo: 180, accepted: true },
      { name: 'recent', expiredMinutesAgo: 10, accepted: false },
      { name: 'open', expiredMinutesAgo: -600, accepted: false },
    ];
    for (const row of rows)
      await sql`insert into invitations (organization_id, email, role, invited_by_email, created_at, expires_at, accepted_at)
        values (${organizationId}, ${`${row.name}-${tag}@example.test`}, 'member', 'owner@example.test',
          now() - interval '8 days', now() - make_interval(mins => ${row.expiredMinutesAgo}),
          ${row.accepted ? new Date(Date.now() - 86_400_000) : null})`;
    const left = async () =>
      (await sql`select email from invitations where email like ${`%-${tag}@example.test`} order by email`).map(
        (r) => (r.email as string).split(`-${tag}`)[0],
      );
    expect(await left()).toEqual(['old-accepted', 'old-pending', 'open', 'recent']);
    const result = await cliHousekeeping({});
    expect(result.invitations).toBeGreaterThanOrEqual(0);
    // the two that expired three hours ago go, answered or not
    expect(await left()).toEqual(['open', 'recent']);
  });
});

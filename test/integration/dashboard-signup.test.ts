// DASHBOARD_SIGNUP against the built app: who may get an organization by signing in.
// invite: only members and invitees get a link; a stranger gets the very same redirect and
// cookies, no email, and (with a slow mail provider) an answer about as slow. domains: open
// for the listed domains, invite for the rest. The check is made again when the link is
// used, and the CLI's `org create` always works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, mailbox, randomEmail } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { type Cookies, hiddenFields, request, requestSignInLink, signIn, submitForm } from '../support/dashboard';
import { connect } from '../support/postgres';
import { type ResendStub, startResendStub } from '../support/resend-stub';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Set-Cookie lines with their values blanked: what tells one answer from another. */
const cookieShapes = (lines: string[]) => lines.map((l) => l.replace(/^([^=]+)=[^;]*/, '$1=…')).sort();

async function submitLogin(app: AppServer, email: string) {
  const started = performance.now();
  const res = await request(app.url, new Map(), 'POST', '/login/submit', new URLSearchParams({ email }));
  return { ...res, ms: performance.now() - started };
}

async function cliOwner(app: AppServer, tag: string): Promise<{ email: string; organizationId: string }> {
  const email = randomEmail(tag);
  const { organizationId } = await createOrganization(app, { name: `${tag} org`, email });
  return { email, organizationId };
}

/** The link's sign-in up to the callback, in a fresh browser; returns the callback's answer and the jar. */
async function followLink(app: AppServer, email: string) {
  const jar: Cookies = new Map();
  const { code } = await requestSignInLink(app.url, jar, email);
  return { jar, code };
}

describe('DASHBOARD_SIGNUP=invite', () => {
  let app: AppServer;
  let sql: ReturnType<typeof connect>;
  beforeAll(async () => {
    app = await startApp({ env: { DASHBOARD_SIGNUP: 'invite', RATE_LIMIT_SIGN_IN_PER_ADDRESS: '100/1m' } });
    sql = connect(app.databaseUrl!);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.stop();
  });

  it('a stranger gets the same redirect and cookies as a member, and no email; the CLI still makes owners', async () => {
    const owner = await cliOwner(app, 'first-owner');
    const stranger = randomEmail('stranger');
    const member = await submitLogin(app, owner.email);
    const nobody = await submitLogin(app, stranger);
    expect(nobody.status).toBe(member.status);
    expect(nobody.location).toBe(member.location);
    expect(member.location).toMatch(/\/login\?sent=1$/);
    expect(cookieShapes(nobody.setCookies)).toEqual(cookieShapes(member.setCookies));
    expect(cookieShapes(member.setCookies)).toHaveLength(2);
    expect(await mailbox(app.url, owner.email)).toHaveLength(1);
    expect(await mailbox(app.url, stranger)).toHaveLength(0);
    expect(await sql`select id from challenges where email = ${stranger}`).toHaveLength(0);
    expect(await sql`select id from accounts where email = ${stranger}`).toHaveLength(0);
    // the first owner of an invite-only server is made with the CLI, and signs in
    const { jar } = await signIn(app.url, owner.email);
    expect((await request(app.url, jar, 'GET', '/dashboard/keys')).text).toContain('first-owner org');
  });

  it('an invited address gets the link, lands without an organization, sees the invitation and no "Create", and joins by accepting', async () => {
    const owner = await cliOwner(app, 'inviting-owner');
    const { jar: ownerJar } = await signIn(app.url, owner.email);
    const invitee = randomEmail('invited');
    expect(
      (await submitForm(app.url, ownerJar, '/dashboard/members', 'invite-member', { email: invitee })).text,
    ).toContain('is invited');

    const { jar } = await signIn(app.url, invitee); // the link was sent
    expect(
      await sql`select m.id from memberships m join accounts a on a.id = m.account_id where a.email = ${invitee}`,
    ).toHaveLength(0);
    for (const path of ['/dashboard', '/dashboard/keys', '/dashboard/members', '/dashboard/audit']) {
      const page = await request(app.url, jar, 'GET', path);
      expect([303, 307], path).toContain(page.status);
      expect(page.location, path).toMatch(/\/dashboard\/organizations$/);
    }
    const none = await request(app.url, jar, 'GET', '/dashboard/organizations');
    expect(none.status).toBe(200);
    expect(none.text).toContain('You are not a member of any organization');
    expect(none.text).toContain('inviting-owner org');
    expect(none.text).not.toContain('data-form="create-organization"');
    expect(none.text).not.toContain('href="/dashboard/keys"');

    const accepted = await submitForm(app.url, jar, '/dashboard/organizations', 'accept-invitation', {});
    expect(accepted.location).toMatch(/\/dashboard\/organizations\?notice=invitation_accepted$/);
    const home = await request(app.url, jar, 'GET', '/dashboard');
    expect(home.status).toBe(200);
    expect(home.text).toContain('inviting-owner org');
  });

  it('an invitation revoked between the email and the click: the link makes nothing, and says why', async () => {
    const owner = await cliOwner(app, 'revoking-owner');
    const { jar: ownerJar } = await signIn(app.url, owner.email);
    const invitee = randomEmail('revoked');
    await submitForm(app.url, ownerJar, '/dashboard/members', 'invite-member', { email: invitee });
    const { jar, code } = await followLink(app, invitee);
    expect(code).not.toBe('');
    await submitForm(app.url, ownerJar, '/dashboard/members', 'revoke-invitation', {});
    const [orgs] = await sql`select count(*)::int as n from organizations`;
    const cont = await request(app.url, jar, 'POST', '/l/continue', new URLSearchParams({ code }));
    const callback = await request(app.url, jar, 'GET', cont.location ?? '');
    expect(callback.status).toBe(303);
    expect(callback.location).toMatch(/\/login\?error=not_invited$/);
    expect(callback.setCookies.some((c) => c.startsWith('uauth_dashboard='))).toBe(false);
    expect(await sql`select id from accounts where email = ${invitee}`).toHaveLength(0);
    const page = await request(app.url, jar, 'GET', '/login?error=not_invited');
    expect(page.text).toContain('its invitation is no longer open');
    const [after] = await sql`select count(*)::int as n from organizations`;
    expect(after?.n).toBe(orgs?.n);
  });
});

describe('DASHBOARD_SIGNUP=domains:acme.test', () => {
  let app: AppServer;
  let sql: ReturnType<typeof connect>;
  beforeAll(async () => {
    app = await startApp({ env: { DASHBOARD_SIGNUP: 'domains:acme.test', RATE_LIMIT_SIGN_IN_PER_ADDRESS: '100/1m' } });
    sql = connect(app.databaseUrl!);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.stop();
  });

  const at = (domain: string, tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}@${domain}`;

  it('an address at a listed domain signs up with an organization of its own; others are strangers', async () => {
    const ada = at('acme.test', 'ada');
    const { jar } = await signIn(app.url, ada);
    const [membership] =
      await sql`select m.role from memberships m join accounts a on a.id = m.account_id where a.email = ${ada}`;
    expect(membership?.role).toBe('owner');
    expect((await request(app.url, jar, 'GET', '/dashboard')).status).toBe(200);

    const stranger = at('evil-acme.test', 'eve');
    const known = await submitLogin(app, ada);
    const nobody = await submitLogin(app, stranger);
    expect(nobody.location).toBe(known.location);
    expect(cookieShapes(nobody.setCookies)).toEqual(cookieShapes(known.setCookies));
    expect(await mailbox(app.url, stranger)).toHaveLength(0);
  });

  it('an invited address of another domain gets the link but no organization; "Create" is offered by domain only', async () => {
    const owner = at('acme.test', 'owner');
    const { jar: ownerJar } = await signIn(app.url, owner);
    const outsider = at('partner.test', 'pat');
    await submitForm(app.url, ownerJar, '/dashboard/members', 'invite-member', { email: outsider, role: 'owner' });
    const { jar } = await signIn(app.url, outsider);
    const page = await request(app.url, jar, 'GET', '/dashboard/organizations');
    expect(page.text).toContain(`${owner.split('@')[0]}&#x27;s organization`);
    expect(page.text).not.toContain('data-form="create-organization"');
    await submitForm(app.url, jar, '/dashboard/organizations', 'accept-invitation', {});

    // The owner leaves (the outsider is an owner now): no organization left, and at
    // acme.test the page offers to create one.
    const left = await submitForm(app.url, ownerJar, '/dashboard/members', 'leave-organization', {});
    expect(left.location).toMatch(/notice=left_organization/);
    const none = await request(app.url, ownerJar, 'GET', '/dashboard/organizations');
    expect(none.text).toContain('You are not a member of any organization');
    expect(none.text).toContain('data-form="create-organization"');
    const createFields = hiddenFields(none.text, 'create-organization');
    const created = await submitForm(app.url, ownerJar, '/dashboard/organizations', 'create-organization', {
      name: 'Acme Two',
    });
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/\/dashboard\?notice=organization_created$/);
    expect((await request(app.url, ownerJar, 'GET', '/dashboard')).text).toContain('Acme Two');

    // The same form, posted by the outsider (partner.test): refused, nothing made.
    const body = new FormData();
    for (const [k, v] of Object.entries({ ...createFields, name: 'Partner Org' })) body.set(k, v);
    const refused = await request(app.url, jar, 'POST', '/dashboard/organizations', body);
    expect(refused.text).toContain('organizations are created by invitation only');
    expect(await sql`select id from organizations where name = 'Partner Org'`).toHaveLength(0);
  });
});

describe('DASHBOARD_SIGNUP=invite with a mail provider that takes 300 ms', () => {
  let stub: ResendStub;
  let app: AppServer;
  beforeAll(async () => {
    stub = await startResendStub();
    stub.delayMs = 300;
    app = await startApp({
      env: {
        DASHBOARD_SIGNUP: 'invite',
        MAIL_TRANSPORT: 'resend',
        RESEND_API_KEY: 're_test_signup',
        MAIL_FROM: 'UAuth <login@uauth.test>',
        RESEND_BASE_URL: stub.url,
        RATE_LIMIT_SIGN_IN_PER_ADDRESS: 'off',
        RATE_LIMIT_SIGN_IN_PER_IP: 'off',
      },
    });
  });
  afterAll(async () => {
    await app?.stop();
    await stub?.close();
  });

  it('a stranger waits about as long as a member whose link is sent, measured from the start of the request', async () => {
    const owner = await cliOwner(app, 'timed');
    for (let i = 0; i < 5; i++) await submitLogin(app, owner.email); // the process learns how long a send takes
    const sentBefore = stub.emails.length;
    const members = [];
    const strangers = [];
    for (let i = 0; i < 5; i++) {
      members.push(await submitLogin(app, owner.email));
      strangers.push(await submitLogin(app, randomEmail('nobody')));
    }
    expect(new Set([...members, ...strangers].map((r) => `${r.status} ${r.location}`)).size).toBe(1);
    expect(stub.emails.length - sentBefore).toBe(5);
    const memberMs = median(members.map((r) => r.ms));
    const strangerMs = median(strangers.map((r) => r.ms));
    // Without the wait a stranger's answer takes a few ms against the member's 300+.
    expect(memberMs).toBeGreaterThan(250);
    expect(strangerMs, `stranger ${strangerMs.toFixed(0)} ms vs member ${memberMs.toFixed(0)} ms`).toBeGreaterThan(
      memberMs * 0.6,
    );
  });
});

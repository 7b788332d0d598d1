// Organizations in the dashboard, over HTTP against the built app (next start + a fresh
// PostgreSQL database), the way a browser without JavaScript uses them: a person in several
// organizations works in one at a time (the switcher) and sees only its data, members leave
// (the last owner cannot), keys record their creator and removing a member can revoke them,
// the CLI adds organizations to an account, return paths never leave the dashboard, and
// project settings and users pages behave.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, randomEmail, runCli, signInUser } from '../support/api';
import { type Cookies, request, signIn, submitForm } from '../support/dashboard';
import { type DashboardApp, plain, startDashboardApp } from '../support/organizations';

let t: DashboardApp;

beforeAll(async () => {
  t = await startDashboardApp({
    RATE_LIMIT_SIGN_IN_PER_ADDRESS: '100/1m',
    RATE_LIMIT_SEND_PER_ADDRESS: '100/1m',
  });
});
afterAll(async () => {
  await t?.stop();
});

describe('several organizations', () => {
  it("the switcher scopes every page and action: B's ids are refused while A is current, and the other way round", async () => {
    const alice = await t.newOwner('alice');
    const aProject = await t.createProject(alice, 'Alpha App');
    const bob = await t.newOwner('bob');
    const bProject = await t.createProject(bob, 'Beta App');
    await t.invite(bob, alice.email);
    expect((await submitForm(t.app.url, alice.jar, '/dashboard', 'accept-invitation', {})).location).toMatch(
      /invitation_accepted/,
    );

    const check = async (current: { project: string; name: string }, other: { project: string; name: string }) => {
      const home = await request(t.app.url, alice.jar, 'GET', '/dashboard');
      expect(home.text).toContain(current.name);
      expect(home.text).not.toContain(other.name);
      for (const tab of ['', '/settings', '/template', '/workflows', '/users', '/activity']) {
        expect(
          (await request(t.app.url, alice.jar, 'GET', `/dashboard/projects/${other.project}${tab}`)).status,
          tab,
        ).toBe(404);
        expect(
          (await request(t.app.url, alice.jar, 'GET', `/dashboard/projects/${current.project}${tab}`)).status,
          tab,
        ).toBe(200);
      }
      const forged = await submitForm(
        t.app.url,
        alice.jar,
        `/dashboard/projects/${current.project}/settings`,
        'project-settings',
        {
          projectId: other.project,
          name: 'Hacked',
        },
      );
      expect(forged.text).toContain('belongs to another organization');
    };

    // Bob's organization is current (accepting opened it).
    await check({ project: bProject, name: 'Beta App' }, { project: aProject, name: 'Alpha App' });
    const switched = await submitForm(t.app.url, alice.jar, '/dashboard', 'switch-organization', {
      organizationId: alice.organizationId,
    });
    expect(switched.location).toMatch(/\/dashboard\?notice=organization_switched$/);
    await check({ project: aProject, name: 'Alpha App' }, { project: bProject, name: 'Beta App' });
    // a key created now belongs to Alice's own organization
    await submitForm(t.app.url, alice.jar, '/dashboard/keys', 'create-key', { name: 'Alpha key' });
    const [key] = await t.sql`select organization_id from secret_keys where name = 'Alpha key'`;
    expect(key?.organization_id).toBe(alice.organizationId);
    // back to Bob's with the no-JavaScript form, then an organization she is not in
    await submitForm(t.app.url, alice.jar, '/dashboard', 'switch-organization', { organizationId: bob.organizationId });
    await check({ project: bProject, name: 'Beta App' }, { project: aProject, name: 'Alpha App' });
    const stranger = await t.newOwner('stranger');
    const refused = await submitForm(t.app.url, alice.jar, '/dashboard', 'switch-organization', {
      organizationId: stranger.organizationId,
    });
    expect(refused.location).toMatch(/error=not_found/);
    await check({ project: bProject, name: 'Beta App' }, { project: aProject, name: 'Alpha App' });
    const orgs = await request(t.app.url, alice.jar, 'GET', '/dashboard/organizations');
    expect(orgs.text.match(/data-testid="organization-row"/g)).toHaveLength(2);
  });

  it('a member leaves (their other organization becomes current); the last owner cannot leave', async () => {
    const owner = await t.newOwner('owner');
    const member = randomEmail('leaver');
    await t.invite(owner, member);
    const { jar } = await signIn(t.app.url, member);
    await submitForm(t.app.url, jar, '/dashboard', 'accept-invitation', {});
    const left = await submitForm(t.app.url, jar, '/dashboard/members', 'leave-organization', {});
    expect(left.status).toBe(303);
    expect(left.location).toMatch(/\/dashboard\?notice=left_organization$/);
    expect((await t.membershipsOf(member)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    const home = plain((await request(t.app.url, jar, 'GET', '/dashboard')).text);
    expect(home).toContain(`<span data-testid="org-name">${member.split('@')[0]}'s organization</span>`);
    expect(await t.auditActions(owner.organizationId)).toContain('member.left');

    const stay = await submitForm(t.app.url, owner.jar, '/dashboard/members', 'leave-organization', {});
    expect(stay.status).toBe(200);
    expect(plain(stay.text)).toContain(`You are the last owner of ${owner.organizationName}, so you cannot leave it.`);
    expect(await t.membershipsOf(owner.email)).toHaveLength(1);
  });
});

describe('secret keys and their creators', () => {
  it('the keys page names each creator; removing a member revokes the keys ticked, and only theirs', async () => {
    const owner = await t.newOwner('key-owner');
    const memberEmail = randomEmail('key-member');
    await t.invite(owner, memberEmail);
    const { jar: memberJar } = await signIn(t.app.url, memberEmail);
    await submitForm(t.app.url, memberJar, '/dashboard', 'accept-invitation', {});
    const secretOf = async (jar: Cookies, name: string) => {
      const res = await submitForm(t.app.url, jar, '/dashboard/keys', 'create-key', { name });
      return /data-testid="new-secret"[^>]*>(sk_[A-Za-z0-9_-]+)</.exec(res.text)?.[1] ?? '';
    };
    const m1 = await secretOf(memberJar, 'Member one');
    const m2 = await secretOf(memberJar, 'Member two');
    const o1 = await secretOf(owner.jar, 'Owner one');
    for (const secret of [m1, m2, o1]) expect(secret).toMatch(/^sk_/);

    const keysPage = plain((await request(t.app.url, owner.jar, 'GET', '/dashboard/keys')).text);
    const creatorOf = (name: string) =>
      new RegExp(`<td>${name}</td>[\\s\\S]*?data-testid="key-creator">([^<]*)<`).exec(keysPage)?.[1];
    expect(creatorOf('Member one')).toBe(memberEmail);
    expect(creatorOf('Member two')).toBe(memberEmail);
    expect(creatorOf('Owner one')).toBe(owner.email);

    const members = plain((await request(t.app.url, owner.jar, 'GET', '/dashboard/members')).text);
    const removeForm = /<form[^>]*data-form="remove-member"[\s\S]*?<\/form>/.exec(members)?.[0] ?? '';
    expect(removeForm).toContain('Also revoke keys they created');
    expect(removeForm).toContain(`Member one (sk_…${m1.slice(-4)})`);
    expect(removeForm).toContain(`Member two (sk_…${m2.slice(-4)})`);
    expect(removeForm).not.toContain('Owner one');

    const ids = Object.fromEntries(
      (await t.sql`select id, name from secret_keys where organization_id = ${owner.organizationId}`).map((r) => [
        r.name,
        r.id,
      ]),
    );
    // tick "Member one" — and, forged, the owner's own key: only the member's goes
    const removed = await submitForm(t.app.url, owner.jar, '/dashboard/members', 'remove-member', {
      revokeKeyId: [ids['Member one'], ids['Owner one']],
    });
    expect(removed.location).toMatch(/notice=member_removed_keys_revoked/);
    const status = async (secret: string) =>
      (await api(t.app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': secret } })).status;
    expect(await status(m1)).toBe(401);
    expect(await status(m2)).toBe(200);
    expect(await status(o1)).toBe(200);
    expect((await t.membershipsOf(memberEmail)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    // the removed member's cookie now opens their own organization only
    const theirKeys = await request(t.app.url, memberJar, 'GET', '/dashboard/keys');
    expect(theirKeys.text).not.toContain('Owner one');
    const [audit] =
      await t.sql`select details from audit_events where organization_id = ${owner.organizationId} and action = 'member.removed'`;
    expect(audit?.details).toMatchObject({
      email: memberEmail,
      revokedKeys: [expect.objectContaining({ name: 'Member one' })],
    });
  });
});

describe('the CLI', () => {
  it('org create for an address that has an account adds an owner membership of a new organization', async () => {
    const person = await t.newOwner('cli-existing');
    const org = await runCli(t.app.env, ['org', 'create', '--name', 'Second Org', '--email', person.email]);
    expect(org.code, org.stderr).toBe(0);
    expect(Object.keys(org.json).sort()).toEqual(['organizationId', 'secretToken']);
    expect(await t.sql`select id from accounts where email = ${person.email}`).toHaveLength(1);
    const memberships = await t.membershipsOf(person.email);
    expect(memberships).toEqual(
      expect.arrayContaining([
        { organization_id: person.organizationId, role: 'owner' },
        { organization_id: org.json.organizationId, role: 'owner' },
      ]),
    );
    expect(
      (await api(t.app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': org.json.secretToken } }))
        .status,
    ).toBe(200);
    await submitForm(t.app.url, person.jar, '/dashboard', 'switch-organization', {
      organizationId: org.json.organizationId,
    });
    const keys = plain((await request(t.app.url, person.jar, 'GET', '/dashboard/keys')).text);
    expect(keys).toContain('Second Org');
    expect(keys).toContain(`data-testid="key-creator">${person.email}<`);
  });
});

describe('return paths', () => {
  const evil = [
    '/dashboard/..//evil.com',
    '/dashboard/%2e%2e//evil.com',
    '/dashboard/%2E%2E/%2e%2e//evil.com/x',
    '/dashboard\\..\\..\\/evil.com',
    '//evil.com/dashboard',
    'https://evil.com/dashboard',
  ];

  const staysHome = (location: string | null) => {
    const target = new URL(location ?? '', t.app.url);
    expect(target.origin, String(location)).toBe(new URL(t.app.url).origin);
    expect(target.pathname.startsWith('/dashboard'), String(location)).toBe(true);
  };

  it('a forged `back` never leads off the site: invitation answers and session revocation', async () => {
    const person = await t.newOwner('paths');
    const projectId = await t.createProject(person, 'Paths App');
    // a user session, so that the users page has a revoke form
    const [project] = await t.sql`select client_token from projects where id = ${projectId}`;
    await signInUser(t.app.url, { id: projectId, clientToken: project?.client_token }, randomEmail('paths-user'));
    const inviter = await t.newOwner('paths-inviter');
    await t.invite(inviter, person.email);

    for (const back of evil) {
      const decline = await submitForm(t.app.url, person.jar, '/dashboard', 'decline-invitation', {
        invitationId: '00000000-0000-4000-8000-00000000dead',
        back,
      });
      expect(decline.status).toBe(303);
      staysHome(decline.location);
      const revoke = await submitForm(
        t.app.url,
        person.jar,
        `/dashboard/projects/${projectId}/users`,
        'revoke-session',
        {
          sessionId: '00000000-0000-4000-8000-00000000dead',
          back,
        },
      );
      expect(revoke.status).toBe(303);
      staysHome(revoke.location);
      expect(revoke.location).toContain(`/dashboard/projects/${projectId}/users`);
    }
  });
});

describe('project settings', () => {
  it('"Allow sign-up" is a checkbox: unticked posts false, ticked true', async () => {
    const person = await t.newOwner('signup-box');
    const projectId = await t.createProject(person, 'Box App');
    const page = await request(t.app.url, person.jar, 'GET', `/dashboard/projects/${projectId}/settings`);
    const box = (html: string) => {
      const form = /<form[^>]*data-form="project-settings"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
      const hidden = form.indexOf('<input type="hidden" name="allowSignUp" value="false"/>');
      const checkbox = /<input[^>]*type="checkbox"[^>]*>/.exec(form);
      expect(hidden).toBeGreaterThan(0);
      expect(checkbox?.index ?? -1).toBeGreaterThan(hidden);
      expect(checkbox?.[0]).toContain('name="allowSignUp"');
      expect(checkbox?.[0]).toContain('value="true"');
      return /\schecked=""/.test(checkbox?.[0] ?? '');
    };
    expect(box(page.text)).toBe(true);
    expect(page.text).toContain('only addresses that already are users of this project can sign in');
    const allowSignUp = async () =>
      (await t.sql`select allow_sign_up from projects where id = ${projectId}`)[0]?.allow_sign_up;
    expect(await allowSignUp()).toBe(true);
    await submitForm(t.app.url, person.jar, `/dashboard/projects/${projectId}/settings`, 'project-settings', {
      allowSignUp: ['false'],
    });
    expect(await allowSignUp()).toBe(false);
    const unticked = await request(t.app.url, person.jar, 'GET', `/dashboard/projects/${projectId}/settings`);
    expect(box(unticked.text)).toBe(false);
    await submitForm(t.app.url, person.jar, `/dashboard/projects/${projectId}/settings`, 'project-settings', {
      allowSignUp: ['false', 'true'],
    });
    expect(await allowSignUp()).toBe(true);
  });
});

describe('project users', () => {
  it("lists each user's ten newest sessions (cut in SQL), however many they have", async () => {
    const person = await t.newOwner('many-sessions');
    const projectId = await t.createProject(person, 'Sessions App');
    const [project] = await t.sql`select client_token from projects where id = ${projectId}`;
    const signUserIn = (email: string) =>
      signInUser(t.app.url, { id: projectId, clientToken: project?.client_token }, email);
    const busy = randomEmail('busy');
    const quiet = randomEmail('quiet');
    for (let i = 0; i < 12; i++) await signUserIn(busy);
    for (let i = 0; i < 2; i++) await signUserIn(quiet);
    const page = await request(t.app.url, person.jar, 'GET', `/dashboard/projects/${projectId}/users`);
    const rowOf = (email: string) =>
      [...page.text.matchAll(/<tr data-testid="user-row">([\s\S]*?)<\/tr>/g)].find((m) => m[1]?.includes(email))?.[1] ??
      '';
    const shown = (email: string) => [...rowOf(email).matchAll(/name="sessionId" value="([^"]+)"/g)].map((m) => m[1]);
    const newest = await t.sql`select s.id from sessions s join users u on u.id = s.user_id
      where u.email = ${busy} and s.project_id = ${projectId} order by s.created_at desc, s.id desc limit 10`;
    expect(shown(busy)).toEqual(newest.map((r) => r.id));
    expect(shown(quiet)).toHaveLength(2);
  });
});

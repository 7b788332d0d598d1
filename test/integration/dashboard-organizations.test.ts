// Organizations in the dashboard, over HTTP against the built app (next start + a fresh
// PostgreSQL database), the way a browser without JavaScript uses them: invitations are
// offers (no account is made, nobody joins without Accept), a person in several
// organizations works in one at a time (the switcher) and sees only its data, members
// leave (the last owner cannot), invitations are rate limited, keys record their creator
// and removing a member can revoke them, and return paths never leave the dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, mailbox, randomEmail, runCli } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { type Cookies, hiddenFields, mailboxLinks, request, signIn, submitForm } from '../support/dashboard';
import { connect } from '../support/postgres';

let app: AppServer;
let sql: ReturnType<typeof connect>;

beforeAll(async () => {
  app = await startApp({
    env: {
      RATE_LIMIT_SIGN_IN_PER_ADDRESS: '100/1m',
      RATE_LIMIT_SEND_PER_ADDRESS: '100/1m',
      // small, to reach them: 3 invitations per organization, 1 per address, a day
      RATE_LIMIT_INVITE_PER_ORGANIZATION: '3/1d',
      RATE_LIMIT_INVITE_PER_ADDRESS: '1/1d',
    },
  });
  sql = connect(app.databaseUrl!);
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

type Person = { email: string; jar: Cookies; organizationId: string; organizationName: string };

/** A new address signs in (open sign-up): its own organization, of which it is the owner. */
async function newOwner(tag: string): Promise<Person> {
  const email = randomEmail(tag);
  const { jar } = await signIn(app.url, email);
  const [row] = await sql`select o.id, o.name from organizations o join memberships m on m.organization_id = o.id
    join accounts a on a.id = m.account_id where a.email = ${email}`;
  return { email, jar, organizationId: row?.id, organizationName: row?.name };
}

const invite = (owner: Person, email: string, role?: 'owner' | 'member') =>
  submitForm(app.url, owner.jar, '/dashboard/members', 'invite-member', role ? { email, role } : { email });

async function createProject(person: Person, name: string): Promise<string> {
  const created = await submitForm(app.url, person.jar, '/dashboard', 'create-project', {
    name,
    allowedOrigin: 'http://localhost:5173',
    redirectUrl: 'http://localhost:5173/callback',
  });
  expect(created.status, created.text.slice(0, 300)).toBe(303);
  return (created.location ?? '').split('/').pop() ?? '';
}

async function membershipsOf(email: string) {
  return sql`select m.organization_id, m.role from memberships m join accounts a on a.id = m.account_id where a.email = ${email}`;
}

async function auditActions(organizationId: string): Promise<string[]> {
  const rows = await sql`select action from audit_events where organization_id = ${organizationId} order by created_at`;
  return rows.map((r) => r.action as string);
}

/** Text without React's empty comments between text parts, apostrophes and ampersands unescaped. */
const plain = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');

describe('invitations are offers', () => {
  it('inviting makes a pending invitation and no account; nothing joins until Accept', async () => {
    const owner = await newOwner('inviter');
    const projectId = await createProject(owner, 'Inviter App');
    const invitee = randomEmail('invitee');

    const invited = await invite(owner, invitee);
    expect(invited.status).toBe(200);
    expect(invited.text).toContain(`${invitee} is invited`);
    expect(await sql`select id from accounts where email = ${invitee}`).toHaveLength(0);
    const [pending] =
      await sql`select role, invited_by_email, expires_at - created_at as ttl, accepted_at from invitations where email = ${invitee}`;
    expect(pending).toMatchObject({ role: 'member', invited_by_email: owner.email, accepted_at: null });
    const [mail] = await mailbox(app.url, invitee);
    expect(mail?.subject).toBe(`${owner.email} invited you to ${owner.organizationName} on UAuth`);
    expect(mail?.links).toContain(`${app.url}/login`);
    const ownerMembers = await request(app.url, owner.jar, 'GET', '/dashboard/members');
    expect(ownerMembers.text).toContain('data-testid="invitation-row"');
    expect(ownerMembers.text.match(/data-testid="member-row"/g)).toHaveLength(1);

    // The invitee signs in: still not a member of the inviter's organization.
    const { jar } = await signIn(app.url, invitee);
    expect((await membershipsOf(invitee)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    expect((await request(app.url, jar, 'GET', `/dashboard/projects/${projectId}`)).status).toBe(404);

    const accepted = await submitForm(app.url, jar, '/dashboard', 'accept-invitation', {});
    expect(accepted.status).toBe(303);
    expect(accepted.location).toMatch(/\/dashboard\?notice=invitation_accepted$/);
    const [membership] = await sql`select m.role from memberships m join accounts a on a.id = m.account_id
      where a.email = ${invitee} and m.organization_id = ${owner.organizationId}`;
    expect(membership?.role).toBe('member');
    // Accepting made the inviter's organization the current one.
    const home = await request(app.url, jar, 'GET', '/dashboard');
    expect(home.text).toContain('Inviter App');
    expect(plain(home.text)).toContain(`<span data-testid="org-name">${owner.organizationName}</span>`);
    expect((await request(app.url, jar, 'GET', `/dashboard/projects/${projectId}`)).status).toBe(200);
    expect(await auditActions(owner.organizationId)).toEqual(
      expect.arrayContaining(['invitation.created', 'invitation.accepted']),
    );
    // Answered: no longer offered to them, no longer listed to the owner.
    expect((await request(app.url, jar, 'GET', '/dashboard')).text).not.toContain('data-form="accept-invitation"');
    expect((await request(app.url, owner.jar, 'GET', '/dashboard/members')).text).not.toContain(
      'data-testid="invitation-row"',
    );
  });

  it("an invited address's first sign-in (open sign-up) gets its own organization and sees the invitation", async () => {
    const owner = await newOwner('inviter');
    const invitee = randomEmail('first-time');
    await invite(owner, invitee);
    const { jar } = await signIn(app.url, invitee);
    const memberships = await membershipsOf(invitee);
    expect(memberships).toHaveLength(1);
    expect(memberships[0]).toMatchObject({ role: 'owner' });
    expect(memberships[0]?.organization_id).not.toBe(owner.organizationId);
    const home = plain((await request(app.url, jar, 'GET', '/dashboard')).text);
    expect(home).toContain(`<span data-testid="org-name">${invitee.split('@')[0]}'s organization</span>`);
    const invitation = /data-testid="invitation"[\s\S]*?<\/li>/.exec(home)?.[0] ?? '';
    expect(invitation).toContain(owner.organizationName);
    expect(invitation).toContain(`${owner.email} invited you as member on 20`);
    expect(invitation).toContain('data-form="accept-invitation"');
    expect(invitation).toContain('data-form="decline-invitation"');
    // also on the organizations page
    expect((await request(app.url, jar, 'GET', '/dashboard/organizations')).text).toContain(owner.organizationName);
  });

  it('decline: nothing joins, the offer is gone, and it cannot be accepted afterwards', async () => {
    const owner = await newOwner('inviter');
    const invitee = randomEmail('decliner');
    await invite(owner, invitee);
    const { jar } = await signIn(app.url, invitee);
    const page = await request(app.url, jar, 'GET', '/dashboard');
    const invitationId = hiddenFields(page.text, 'accept-invitation').invitationId ?? '';
    const declined = await submitForm(app.url, jar, '/dashboard', 'decline-invitation', {});
    expect(declined.location).toMatch(/\/dashboard\?notice=invitation_declined$/);
    const [row] = await sql`select declined_at, accepted_at from invitations where id = ${invitationId}`;
    expect(row?.declined_at).not.toBeNull();
    expect(row?.accepted_at).toBeNull();
    expect((await request(app.url, jar, 'GET', '/dashboard')).text).not.toContain(owner.organizationName);

    // The accept form of before, posted again: refused, still not a member.
    const body = new FormData();
    for (const [k, v] of Object.entries(hiddenFields(page.text, 'accept-invitation'))) body.set(k, v);
    const late = await request(app.url, jar, 'POST', '/dashboard', body);
    expect(late.location).toMatch(/error=not_found/);
    expect((await membershipsOf(invitee)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    expect(await auditActions(owner.organizationId)).toContain('invitation.declined');
  });

  it('only an invitation to your own address can be accepted', async () => {
    const owner = await newOwner('inviter');
    const invitee = randomEmail('addressee');
    await invite(owner, invitee);
    const [invitation] = await sql`select id from invitations where email = ${invitee}`;
    const thief = await newOwner('thief');
    const page = await request(app.url, thief.jar, 'GET', '/dashboard');
    expect(page.text).not.toContain('data-form="accept-invitation"');
    // a forged accept, built from the action fields of a form the thief does see
    const { jar: inviteeJar } = await signIn(app.url, invitee);
    const inviteePage = await request(app.url, inviteeJar, 'GET', '/dashboard');
    const body = new FormData();
    for (const [k, v] of Object.entries({
      ...hiddenFields(inviteePage.text, 'accept-invitation'),
      invitationId: invitation?.id,
    }))
      body.set(k, v);
    const forged = await request(app.url, thief.jar, 'POST', '/dashboard', body);
    expect(forged.location).toMatch(/error=not_found/);
    expect((await membershipsOf(thief.email)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
  });

  it('the answer to "invite X" is the same whether or not X has an account; a member is told', async () => {
    const owner = await newOwner('inviter');
    const existing = await newOwner('has-account');
    const stranger = randomEmail('no-account');
    const a = await invite(owner, existing.email);
    const b = await invite(owner, stranger);
    const message = (html: string, email: string) =>
      plain(/<p class="alert ok" role="status">([^<]*)<\/p>/.exec(html)?.[1] ?? 'none').replaceAll(email, 'X');
    expect(message(a.text, existing.email)).toBe(message(b.text, stranger));
    expect(message(a.text, existing.email)).toContain('X is invited');
    expect(await mailbox(app.url, existing.email)).toEqual(
      expect.arrayContaining([expect.objectContaining({ subject: expect.stringContaining('invited you') })]),
    );
    expect(await mailbox(app.url, stranger)).toHaveLength(1);
    expect(await sql`select id from accounts where email = ${stranger}`).toHaveLength(0);
    // an existing account is not joined either
    expect((await membershipsOf(existing.email)).map((m) => m.organization_id)).toEqual([existing.organizationId]);

    const self = await invite(owner, owner.email);
    expect(self.text).toContain('is already a member of this organization');
  });

  it('owners invite and revoke; members see the lists but cannot; a revoked invitation cannot be accepted', async () => {
    const owner = await newOwner('owner');
    const member = randomEmail('member');
    await invite(owner, member);
    const { jar: memberJar } = await signIn(app.url, member);
    await submitForm(app.url, memberJar, '/dashboard', 'accept-invitation', {});

    const later = randomEmail('later');
    await invite(owner, later);
    const memberView = await request(app.url, memberJar, 'GET', '/dashboard/members');
    expect(memberView.text).toContain(later);
    expect(memberView.text).not.toContain('data-form="invite-member"');
    expect(memberView.text).not.toContain('data-form="revoke-invitation"');

    // the owner's forms, posted with the member's cookie
    const ownerPage = await request(app.url, owner.jar, 'GET', '/dashboard/members');
    const forgedInvite = new FormData();
    for (const [k, v] of Object.entries({
      ...hiddenFields(ownerPage.text, 'invite-member'),
      email: randomEmail('sneaky'),
      role: 'owner',
    }))
      forgedInvite.set(k, v);
    const refused = await request(app.url, memberJar, 'POST', '/dashboard/members', forgedInvite);
    expect(refused.text).toContain('Only an owner of the organization can invite members.');
    const forgedRevoke = new FormData();
    for (const [k, v] of Object.entries(hiddenFields(ownerPage.text, 'revoke-invitation'))) forgedRevoke.set(k, v);
    expect((await request(app.url, memberJar, 'POST', '/dashboard/members', forgedRevoke)).location).toMatch(
      /error=forbidden/,
    );
    const [count] =
      await sql`select count(*)::int as n from invitations where organization_id = ${owner.organizationId} and revoked_at is null`;
    expect(count?.n).toBe(2); // the member's (accepted) and the pending one

    const { jar: laterJar } = await signIn(app.url, later);
    const laterPage = await request(app.url, laterJar, 'GET', '/dashboard');
    expect(laterPage.text).toContain(owner.organizationName);
    const revoked = await submitForm(app.url, owner.jar, '/dashboard/members', 'revoke-invitation', {});
    expect(revoked.location).toMatch(/notice=invitation_revoked/);
    expect((await request(app.url, laterJar, 'GET', '/dashboard')).text).not.toContain(owner.organizationName);
    const body = new FormData();
    for (const [k, v] of Object.entries(hiddenFields(laterPage.text, 'accept-invitation'))) body.set(k, v);
    expect((await request(app.url, laterJar, 'POST', '/dashboard', body)).location).toMatch(/error=not_found/);
    expect((await membershipsOf(later)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    expect(await auditActions(owner.organizationId)).toContain('invitation.revoked');
  });
});

describe('several organizations', () => {
  it("the switcher scopes every page and action: B's ids are refused while A is current, and the other way round", async () => {
    const alice = await newOwner('alice');
    const aProject = await createProject(alice, 'Alpha App');
    const bob = await newOwner('bob');
    const bProject = await createProject(bob, 'Beta App');
    await invite(bob, alice.email);
    expect((await submitForm(app.url, alice.jar, '/dashboard', 'accept-invitation', {})).location).toMatch(
      /invitation_accepted/,
    );

    const check = async (current: { project: string; name: string }, other: { project: string; name: string }) => {
      const home = await request(app.url, alice.jar, 'GET', '/dashboard');
      expect(home.text).toContain(current.name);
      expect(home.text).not.toContain(other.name);
      for (const tab of ['', '/settings', '/template', '/workflows', '/users', '/activity']) {
        expect(
          (await request(app.url, alice.jar, 'GET', `/dashboard/projects/${other.project}${tab}`)).status,
          tab,
        ).toBe(404);
        expect(
          (await request(app.url, alice.jar, 'GET', `/dashboard/projects/${current.project}${tab}`)).status,
          tab,
        ).toBe(200);
      }
      const forged = await submitForm(
        app.url,
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
    const switched = await submitForm(app.url, alice.jar, '/dashboard', 'switch-organization', {
      organizationId: alice.organizationId,
    });
    expect(switched.location).toMatch(/\/dashboard\?notice=organization_switched$/);
    await check({ project: aProject, name: 'Alpha App' }, { project: bProject, name: 'Beta App' });
    // a key created now belongs to Alice's own organization
    await submitForm(app.url, alice.jar, '/dashboard/keys', 'create-key', { name: 'Alpha key' });
    const [key] = await sql`select organization_id from secret_keys where name = 'Alpha key'`;
    expect(key?.organization_id).toBe(alice.organizationId);
    // back to Bob's with the no-JavaScript form, then an organization she is not in
    await submitForm(app.url, alice.jar, '/dashboard', 'switch-organization', { organizationId: bob.organizationId });
    await check({ project: bProject, name: 'Beta App' }, { project: aProject, name: 'Alpha App' });
    const stranger = await newOwner('stranger');
    const refused = await submitForm(app.url, alice.jar, '/dashboard', 'switch-organization', {
      organizationId: stranger.organizationId,
    });
    expect(refused.location).toMatch(/error=not_found/);
    await check({ project: bProject, name: 'Beta App' }, { project: aProject, name: 'Alpha App' });
    const orgs = await request(app.url, alice.jar, 'GET', '/dashboard/organizations');
    expect(orgs.text.match(/data-testid="organization-row"/g)).toHaveLength(2);
  });

  it('a member leaves (their other organization becomes current); the last owner cannot leave', async () => {
    const owner = await newOwner('owner');
    const member = randomEmail('leaver');
    await invite(owner, member);
    const { jar } = await signIn(app.url, member);
    await submitForm(app.url, jar, '/dashboard', 'accept-invitation', {});
    const left = await submitForm(app.url, jar, '/dashboard/members', 'leave-organization', {});
    expect(left.status).toBe(303);
    expect(left.location).toMatch(/\/dashboard\?notice=left_organization$/);
    expect((await membershipsOf(member)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    const home = plain((await request(app.url, jar, 'GET', '/dashboard')).text);
    expect(home).toContain(`<span data-testid="org-name">${member.split('@')[0]}'s organization</span>`);
    expect(await auditActions(owner.organizationId)).toContain('member.left');

    const stay = await submitForm(app.url, owner.jar, '/dashboard/members', 'leave-organization', {});
    expect(stay.status).toBe(200);
    expect(plain(stay.text)).toContain(`You are the last owner of ${owner.organizationName}, so you cannot leave it.`);
    expect(await membershipsOf(owner.email)).toHaveLength(1);
  });
});

describe('invitation limits', () => {
  it('one invitation per address and three per organization a day here; the refusal says when to try again', async () => {
    const owner = await newOwner('limited');
    const first = randomEmail('a1');
    expect((await invite(owner, first)).text).toContain(`${first} is invited`);
    const again = await invite(owner, first);
    expect(plain(again.text)).toContain(
      `${first} was invited to this organization recently. You can invite again in about 24 hours.`,
    );
    expect(await mailbox(app.url, first)).toHaveLength(1);
    // another organization may still invite that address
    const other = await newOwner('other-org');
    expect((await invite(other, first)).text).toContain(`${first} is invited`);

    expect((await invite(owner, randomEmail('a2'))).text).toContain('is invited');
    expect((await invite(owner, randomEmail('a3'))).text).toContain('is invited');
    const fourth = randomEmail('a4');
    const refused = await invite(owner, fourth);
    expect(plain(refused.text)).toContain(
      'This organization has sent as many invitations as it may for now. You can invite again in about 24 hours.',
    );
    expect(await mailbox(app.url, fourth)).toHaveLength(0);
    expect(await sql`select id from invitations where email = ${fourth}`).toHaveLength(0);
    const [n] = await sql`select count(*)::int as n from invitations where organization_id = ${owner.organizationId}`;
    expect(n?.n).toBe(3);
  });
});

describe('secret keys and their creators', () => {
  it('the keys page names each creator; removing a member revokes the keys ticked, and only theirs', async () => {
    const owner = await newOwner('key-owner');
    const memberEmail = randomEmail('key-member');
    await invite(owner, memberEmail);
    const { jar: memberJar } = await signIn(app.url, memberEmail);
    await submitForm(app.url, memberJar, '/dashboard', 'accept-invitation', {});
    const secretOf = async (jar: Cookies, name: string) => {
      const res = await submitForm(app.url, jar, '/dashboard/keys', 'create-key', { name });
      return /data-testid="new-secret"[^>]*>(sk_[A-Za-z0-9_-]+)</.exec(res.text)?.[1] ?? '';
    };
    const m1 = await secretOf(memberJar, 'Member one');
    const m2 = await secretOf(memberJar, 'Member two');
    const o1 = await secretOf(owner.jar, 'Owner one');
    for (const secret of [m1, m2, o1]) expect(secret).toMatch(/^sk_/);

    const keysPage = plain((await request(app.url, owner.jar, 'GET', '/dashboard/keys')).text);
    const creatorOf = (name: string) =>
      new RegExp(`<td>${name}</td>[\\s\\S]*?data-testid="key-creator">([^<]*)<`).exec(keysPage)?.[1];
    expect(creatorOf('Member one')).toBe(memberEmail);
    expect(creatorOf('Member two')).toBe(memberEmail);
    expect(creatorOf('Owner one')).toBe(owner.email);

    const members = plain((await request(app.url, owner.jar, 'GET', '/dashboard/members')).text);
    const removeForm = /<form[^>]*data-form="remove-member"[\s\S]*?<\/form>/.exec(members)?.[0] ?? '';
    expect(removeForm).toContain('Also revoke keys they created');
    expect(removeForm).toContain(`Member one (sk_…${m1.slice(-4)})`);
    expect(removeForm).toContain(`Member two (sk_…${m2.slice(-4)})`);
    expect(removeForm).not.toContain('Owner one');

    const ids = Object.fromEntries(
      (await sql`select id, name from secret_keys where organization_id = ${owner.organizationId}`).map((r) => [
        r.name,
        r.id,
      ]),
    );
    // tick "Member one" — and, forged, the owner's own key: only the member's goes
    const removed = await submitForm(app.url, owner.jar, '/dashboard/members', 'remove-member', {
      revokeKeyId: [ids['Member one'], ids['Owner one']],
    });
    expect(removed.location).toMatch(/notice=member_removed_keys_revoked/);
    const status = async (secret: string) =>
      (await api(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': secret } })).status;
    expect(await status(m1)).toBe(401);
    expect(await status(m2)).toBe(200);
    expect(await status(o1)).toBe(200);
    expect((await membershipsOf(memberEmail)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    // the removed member's cookie now opens their own organization only
    const theirKeys = await request(app.url, memberJar, 'GET', '/dashboard/keys');
    expect(theirKeys.text).not.toContain('Owner one');
    const [audit] =
      await sql`select details from audit_events where organization_id = ${owner.organizationId} and action = 'member.removed'`;
    expect(audit?.details).toMatchObject({
      email: memberEmail,
      revokedKeys: [expect.objectContaining({ name: 'Member one' })],
    });
  });
});

describe('the CLI', () => {
  it('org create for an address that has an account adds an owner membership of a new organization', async () => {
    const person = await newOwner('cli-existing');
    const org = await runCli(app.env, ['org', 'create', '--name', 'Second Org', '--email', person.email]);
    expect(org.code, org.stderr).toBe(0);
    expect(Object.keys(org.json).sort()).toEqual(['organizationId', 'secretToken']);
    expect(await sql`select id from accounts where email = ${person.email}`).toHaveLength(1);
    const memberships = await membershipsOf(person.email);
    expect(memberships).toEqual(
      expect.arrayContaining([
        { organization_id: person.organizationId, role: 'owner' },
        { organization_id: org.json.organizationId, role: 'owner' },
      ]),
    );
    expect(
      (await api(app.url, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': org.json.secretToken } }))
        .status,
    ).toBe(200);
    await submitForm(app.url, person.jar, '/dashboard', 'switch-organization', {
      organizationId: org.json.organizationId,
    });
    const keys = plain((await request(app.url, person.jar, 'GET', '/dashboard/keys')).text);
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
    const target = new URL(location ?? '', app.url);
    expect(target.origin, String(location)).toBe(new URL(app.url).origin);
    expect(target.pathname.startsWith('/dashboard'), String(location)).toBe(true);
  };

  it('a forged `back` never leads off the site: invitation answers and session revocation', async () => {
    const person = await newOwner('paths');
    const projectId = await createProject(person, 'Paths App');
    // a user session, so that the users page has a revoke form
    const [project] = await sql`select client_token from projects where id = ${projectId}`;
    const q = `projectId=${projectId}&clientToken=${project?.client_token}`;
    const user = randomEmail('paths-user');
    expect(
      (await api(app.url, 'POST', `/api/challenge/send?${q}&emailAddress=${encodeURIComponent(user)}`)).status,
    ).toBe(201);
    const code = ((await mailboxLinks(app.url, user))[0] ?? '').split('/').pop();
    expect((await api(app.url, 'POST', `/api/challenge/verify?${q}&challengeCode=${code}`)).status).toBe(200);
    const inviter = await newOwner('paths-inviter');
    await invite(inviter, person.email);

    for (const back of evil) {
      const decline = await submitForm(app.url, person.jar, '/dashboard', 'decline-invitation', {
        invitationId: '00000000-0000-4000-8000-00000000dead',
        back,
      });
      expect(decline.status).toBe(303);
      staysHome(decline.location);
      const revoke = await submitForm(app.url, person.jar, `/dashboard/projects/${projectId}/users`, 'revoke-session', {
        sessionId: '00000000-0000-4000-8000-00000000dead',
        back,
      });
      expect(revoke.status).toBe(303);
      staysHome(revoke.location);
      expect(revoke.location).toContain(`/dashboard/projects/${projectId}/users`);
    }
  });
});

describe('project settings', () => {
  it('"Allow sign-up" is a checkbox: unticked posts false, ticked true', async () => {
    const person = await newOwner('signup-box');
    const projectId = await createProject(person, 'Box App');
    const page = await request(app.url, person.jar, 'GET', `/dashboard/projects/${projectId}/settings`);
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
      (await sql`select allow_sign_up from projects where id = ${projectId}`)[0]?.allow_sign_up;
    expect(await allowSignUp()).toBe(true);
    await submitForm(app.url, person.jar, `/dashboard/projects/${projectId}/settings`, 'project-settings', {
      allowSignUp: ['false'],
    });
    expect(await allowSignUp()).toBe(false);
    const unticked = await request(app.url, person.jar, 'GET', `/dashboard/projects/${projectId}/settings`);
    expect(box(unticked.text)).toBe(false);
    await submitForm(app.url, person.jar, `/dashboard/projects/${projectId}/settings`, 'project-settings', {
      allowSignUp: ['false', 'true'],
    });
    expect(await allowSignUp()).toBe(true);
  });
});

describe('project users', () => {
  it("lists each user's ten newest sessions (cut in SQL), however many they have", async () => {
    const person = await newOwner('many-sessions');
    const projectId = await createProject(person, 'Sessions App');
    const [project] = await sql`select client_token from projects where id = ${projectId}`;
    const q = `projectId=${projectId}&clientToken=${project?.client_token}`;
    const signUserIn = async (email: string) => {
      expect(
        (await api(app.url, 'POST', `/api/challenge/send?${q}&emailAddress=${encodeURIComponent(email)}`)).status,
      ).toBe(201);
      const code = ((await mailboxLinks(app.url, email))[0] ?? '').split('/').pop();
      expect((await api(app.url, 'POST', `/api/challenge/verify?${q}&challengeCode=${code}`)).status).toBe(200);
    };
    const busy = randomEmail('busy');
    const quiet = randomEmail('quiet');
    for (let i = 0; i < 12; i++) await signUserIn(busy);
    for (let i = 0; i < 2; i++) await signUserIn(quiet);
    const page = await request(app.url, person.jar, 'GET', `/dashboard/projects/${projectId}/users`);
    const rowOf = (email: string) =>
      [...page.text.matchAll(/<tr data-testid="user-row">([\s\S]*?)<\/tr>/g)].find((m) => m[1]?.includes(email))?.[1] ??
      '';
    const shown = (email: string) => [...rowOf(email).matchAll(/name="sessionId" value="([^"]+)"/g)].map((m) => m[1]);
    const newest = await sql`select s.id from sessions s join users u on u.id = s.user_id
      where u.email = ${busy} and s.project_id = ${projectId} order by s.created_at desc, s.id desc limit 10`;
    expect(shown(busy)).toEqual(newest.map((r) => r.id));
    expect(shown(quiet)).toHaveLength(2);
  });
});

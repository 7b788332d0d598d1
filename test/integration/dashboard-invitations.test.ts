// Invitations in the dashboard, over HTTP against the built app (next start + a fresh
// PostgreSQL database), the way a browser without JavaScript uses them: an invitation is an
// offer (no account is made, nobody joins without Accept), it can be declined or revoked,
// only its own address can accept it, the answer to "invite X" does not tell whether X has
// an account, and invitations are rate limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailbox, randomEmail } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { hiddenFields, request, signIn, submitForm } from '../support/dashboard';
import { organizationHelpers, plain } from '../support/organizations';
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

const { newOwner, invite, createProject, membershipsOf, auditActions } = organizationHelpers(() => ({
  url: app.url,
  sql,
}));

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

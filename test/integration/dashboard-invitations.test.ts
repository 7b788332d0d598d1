// Invitations in the dashboard, over HTTP against the built app (next start + a fresh
// PostgreSQL database), the way a browser without JavaScript uses them: an invitation is an
// offer (no account is made, nobody joins without Accept), it can be declined or revoked,
// only its own address can accept it, the answer to "invite X" does not tell whether X has
// an account, and invitations are rate limited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailbox, randomEmail } from '../support/api';
import { hiddenFields, request, signIn, submitForm } from '../support/dashboard';
import { type DashboardApp, plain, startDashboardApp } from '../support/organizations';

let t: DashboardApp;

beforeAll(async () => {
  t = await startDashboardApp({
    RATE_LIMIT_SIGN_IN_PER_ADDRESS: '100/1m',
    RATE_LIMIT_SEND_PER_ADDRESS: '100/1m',
    // small, to reach them: 3 invitations per organization, 1 per address, a day
    RATE_LIMIT_INVITE_PER_ORGANIZATION: '3/1d',
    RATE_LIMIT_INVITE_PER_ADDRESS: '1/1d',
  });
});
afterAll(async () => {
  await t?.stop();
});

describe('invitations are offers', () => {
  it('inviting makes a pending invitation and no account; nothing joins until Accept', async () => {
    const owner = await t.newOwner('inviter');
    const projectId = await t.createProject(owner, 'Inviter App');
    const invitee = randomEmail('invitee');

    const invited = await t.invite(owner, invitee);
    expect(invited.status).toBe(200);
    expect(invited.text).toContain(`${invitee} is invited`);
    expect(await t.sql`select id from accounts where email = ${invitee}`).toHaveLength(0);
    const [pending] =
      await t.sql`select role, invited_by_email, expires_at - created_at as ttl, accepted_at from invitations where email = ${invitee}`;
    expect(pending).toMatchObject({ role: 'member', invited_by_email: owner.email, accepted_at: null });
    const [mail] = await mailbox(t.app.url, invitee);
    expect(mail?.subject).toBe(`${owner.email} invited you to ${owner.organizationName} on UAuth`);
    expect(mail?.links).toContain(`${t.app.url}/login`);
    const ownerMembers = await request(t.app.url, owner.jar, 'GET', '/dashboard/members');
    expect(ownerMembers.text).toContain('data-testid="invitation-row"');
    expect(ownerMembers.text.match(/data-testid="member-row"/g)).toHaveLength(1);

    // The invitee signs in: still not a member of the inviter's organization.
    const { jar } = await signIn(t.app.url, invitee);
    expect((await t.membershipsOf(invitee)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    expect((await request(t.app.url, jar, 'GET', `/dashboard/projects/${projectId}`)).status).toBe(404);

    const accepted = await submitForm(t.app.url, jar, '/dashboard', 'accept-invitation', {});
    expect(accepted.status).toBe(303);
    expect(accepted.location).toMatch(/\/dashboard\?notice=invitation_accepted$/);
    const [membership] = await t.sql`select m.role from memberships m join accounts a on a.id = m.account_id
      where a.email = ${invitee} and m.organization_id = ${owner.organizationId}`;
    expect(membership?.role).toBe('member');
    // Accepting made the inviter's organization the current one.
    const home = await request(t.app.url, jar, 'GET', '/dashboard');
    expect(home.text).toContain('Inviter App');
    expect(plain(home.text)).toContain(`<span data-testid="org-name">${owner.organizationName}</span>`);
    expect((await request(t.app.url, jar, 'GET', `/dashboard/projects/${projectId}`)).status).toBe(200);
    expect(await t.auditActions(owner.organizationId)).toEqual(
      expect.arrayContaining(['invitation.created', 'invitation.accepted']),
    );
    // Answered: no longer offered to them, no longer listed to the owner.
    expect((await request(t.app.url, jar, 'GET', '/dashboard')).text).not.toContain('data-form="accept-invitation"');
    expect((await request(t.app.url, owner.jar, 'GET', '/dashboard/members')).text).not.toContain(
      'data-testid="invitation-row"',
    );
  });

  it("an invited address's first sign-in (open sign-up) gets its own organization and sees the invitation", async () => {
    const owner = await t.newOwner('inviter');
    const invitee = randomEmail('first-time');
    await t.invite(owner, invitee);
    const { jar } = await signIn(t.app.url, invitee);
    const memberships = await t.membershipsOf(invitee);
    expect(memberships).toHaveLength(1);
    expect(memberships[0]).toMatchObject({ role: 'owner' });
    expect(memberships[0]?.organization_id).not.toBe(owner.organizationId);
    const home = plain((await request(t.app.url, jar, 'GET', '/dashboard')).text);
    expect(home).toContain(`<span data-testid="org-name">${invitee.split('@')[0]}'s organization</span>`);
    const invitation = /data-testid="invitation"[\s\S]*?<\/li>/.exec(home)?.[0] ?? '';
    expect(invitation).toContain(owner.organizationName);
    expect(invitation).toContain(`${owner.email} invited you as member on 20`);
    expect(invitation).toContain('data-form="accept-invitation"');
    expect(invitation).toContain('data-form="decline-invitation"');
    // also on the organizations page
    expect((await request(t.app.url, jar, 'GET', '/dashboard/organizations')).text).toContain(owner.organizationName);
  });

  it('decline: nothing joins, the offer is gone, and it cannot be accepted afterwards', async () => {
    const owner = await t.newOwner('inviter');
    const invitee = randomEmail('decliner');
    await t.invite(owner, invitee);
    const { jar } = await signIn(t.app.url, invitee);
    const page = await request(t.app.url, jar, 'GET', '/dashboard');
    const invitationId = hiddenFields(page.text, 'accept-invitation').invitationId ?? '';
    const declined = await submitForm(t.app.url, jar, '/dashboard', 'decline-invitation', {});
    expect(declined.location).toMatch(/\/dashboard\?notice=invitation_declined$/);
    const [row] = await t.sql`select declined_at, accepted_at from invitations where id = ${invitationId}`;
    expect(row?.declined_at).not.toBeNull();
    expect(row?.accepted_at).toBeNull();
    expect((await request(t.app.url, jar, 'GET', '/dashboard')).text).not.toContain(owner.organizationName);

    // The accept form of before, posted again: refused, still not a member.
    const body = new FormData();
    for (const [k, v] of Object.entries(hiddenFields(page.text, 'accept-invitation'))) body.set(k, v);
    const late = await request(t.app.url, jar, 'POST', '/dashboard', body);
    expect(late.location).toMatch(/error=not_found/);
    expect((await t.membershipsOf(invitee)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    expect(await t.auditActions(owner.organizationId)).toContain('invitation.declined');
  });

  it('only an invitation to your own address can be accepted', async () => {
    const owner = await t.newOwner('inviter');
    const invitee = randomEmail('addressee');
    await t.invite(owner, invitee);
    const [invitation] = await t.sql`select id from invitations where email = ${invitee}`;
    const thief = await t.newOwner('thief');
    const page = await request(t.app.url, thief.jar, 'GET', '/dashboard');
    expect(page.text).not.toContain('data-form="accept-invitation"');
    // a forged accept, built from the action fields of a form the thief does see
    const { jar: inviteeJar } = await signIn(t.app.url, invitee);
    const inviteePage = await request(t.app.url, inviteeJar, 'GET', '/dashboard');
    const body = new FormData();
    for (const [k, v] of Object.entries({
      ...hiddenFields(inviteePage.text, 'accept-invitation'),
      invitationId: invitation?.id,
    }))
      body.set(k, v);
    const forged = await request(t.app.url, thief.jar, 'POST', '/dashboard', body);
    expect(forged.location).toMatch(/error=not_found/);
    expect((await t.membershipsOf(thief.email)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
  });

  it('the answer to "invite X" is the same whether or not X has an account; a member is told', async () => {
    const owner = await t.newOwner('inviter');
    const existing = await t.newOwner('has-account');
    const stranger = randomEmail('no-account');
    const a = await t.invite(owner, existing.email);
    const b = await t.invite(owner, stranger);
    const message = (html: string, email: string) =>
      plain(/<p class="alert ok" role="status">([^<]*)<\/p>/.exec(html)?.[1] ?? 'none').replaceAll(email, 'X');
    expect(message(a.text, existing.email)).toBe(message(b.text, stranger));
    expect(message(a.text, existing.email)).toContain('X is invited');
    expect(await mailbox(t.app.url, existing.email)).toEqual(
      expect.arrayContaining([expect.objectContaining({ subject: expect.stringContaining('invited you') })]),
    );
    expect(await mailbox(t.app.url, stranger)).toHaveLength(1);
    expect(await t.sql`select id from accounts where email = ${stranger}`).toHaveLength(0);
    // an existing account is not joined either
    expect((await t.membershipsOf(existing.email)).map((m) => m.organization_id)).toEqual([existing.organizationId]);

    const self = await t.invite(owner, owner.email);
    expect(self.text).toContain('is already a member of this organization');
  });

  it('owners invite and revoke; members see the lists but cannot; a revoked invitation cannot be accepted', async () => {
    const owner = await t.newOwner('owner');
    const member = randomEmail('member');
    await t.invite(owner, member);
    const { jar: memberJar } = await signIn(t.app.url, member);
    await submitForm(t.app.url, memberJar, '/dashboard', 'accept-invitation', {});

    const later = randomEmail('later');
    await t.invite(owner, later);
    const memberView = await request(t.app.url, memberJar, 'GET', '/dashboard/members');
    expect(memberView.text).toContain(later);
    expect(memberView.text).not.toContain('data-form="invite-member"');
    expect(memberView.text).not.toContain('data-form="revoke-invitation"');

    // the owner's forms, posted with the member's cookie
    const ownerPage = await request(t.app.url, owner.jar, 'GET', '/dashboard/members');
    const forgedInvite = new FormData();
    for (const [k, v] of Object.entries({
      ...hiddenFields(ownerPage.text, 'invite-member'),
      email: randomEmail('sneaky'),
      role: 'owner',
    }))
      forgedInvite.set(k, v);
    const refused = await request(t.app.url, memberJar, 'POST', '/dashboard/members', forgedInvite);
    expect(refused.text).toContain('Only an owner of the organization can invite members.');
    const forgedRevoke = new FormData();
    for (const [k, v] of Object.entries(hiddenFields(ownerPage.text, 'revoke-invitation'))) forgedRevoke.set(k, v);
    expect((await request(t.app.url, memberJar, 'POST', '/dashboard/members', forgedRevoke)).location).toMatch(
      /error=forbidden/,
    );
    const [count] =
      await t.sql`select count(*)::int as n from invitations where organization_id = ${owner.organizationId} and revoked_at is null`;
    expect(count?.n).toBe(2); // the member's (accepted) and the pending one

    const { jar: laterJar } = await signIn(t.app.url, later);
    const laterPage = await request(t.app.url, laterJar, 'GET', '/dashboard');
    expect(laterPage.text).toContain(owner.organizationName);
    const revoked = await submitForm(t.app.url, owner.jar, '/dashboard/members', 'revoke-invitation', {});
    expect(revoked.location).toMatch(/notice=invitation_revoked/);
    expect((await request(t.app.url, laterJar, 'GET', '/dashboard')).text).not.toContain(owner.organizationName);
    const body = new FormData();
    for (const [k, v] of Object.entries(hiddenFields(laterPage.text, 'accept-invitation'))) body.set(k, v);
    expect((await request(t.app.url, laterJar, 'POST', '/dashboard', body)).location).toMatch(/error=not_found/);
    expect((await t.membershipsOf(later)).map((m) => m.organization_id)).not.toContain(owner.organizationId);
    expect(await t.auditActions(owner.organizationId)).toContain('invitation.revoked');
  });
});

describe('invitation limits', () => {
  it('one invitation per address and three per organization a day here; the refusal says when to try again', async () => {
    const owner = await t.newOwner('limited');
    const first = randomEmail('a1');
    expect((await t.invite(owner, first)).text).toContain(`${first} is invited`);
    const again = await t.invite(owner, first);
    expect(plain(again.text)).toContain(
      `${first} was invited to this organization recently. You can invite again in about 24 hours.`,
    );
    expect(await mailbox(t.app.url, first)).toHaveLength(1);
    // another organization may still invite that address
    const other = await t.newOwner('other-org');
    expect((await t.invite(other, first)).text).toContain(`${first} is invited`);

    expect((await t.invite(owner, randomEmail('a2'))).text).toContain('is invited');
    expect((await t.invite(owner, randomEmail('a3'))).text).toContain('is invited');
    const fourth = randomEmail('a4');
    const refused = await t.invite(owner, fourth);
    expect(plain(refused.text)).toContain(
      'This organization has sent as many invitations as it may for now. You can invite again in about 24 hours.',
    );
    expect(await mailbox(t.app.url, fourth)).toHaveLength(0);
    expect(await t.sql`select id from invitations where email = ${fourth}`).toHaveLength(0);
    const [n] = await t.sql`select count(*)::int as n from invitations where organization_id = ${owner.organizationId}`;
    expect(n?.n).toBe(3);
  });
});

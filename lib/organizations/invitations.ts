// Invitations: an owner offers an address a place in the organization. No account is
// made and nobody joins until the person, signed in with that address, presses Accept.
// Invitations are rate limited (RATE_LIMIT_INVITE_PER_ORGANIZATION, _PER_ADDRESS) so that
// the dashboard cannot be used to mail strangers at volume.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record';
import { getDb } from '../db/client';
import { type Account, type Invitation, invitations, memberships, organizations } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { enforceRateLimits } from '../rate-limit/limiter';
import { normalizeEmail } from '../tokens';
import { type Actor, isMemberByEmail } from './memberships';

export const INVITATION_TTL_DAYS = 7;

export type Role = Invitation['role'];
/** The signed-in person answering an invitation (they need no organization). */
export type Invitee = Pick<Account, 'id' | 'email'>;

/** Not accepted, declined or revoked (it may still have expired). */
const unanswered = () =>
  and(isNull(invitations.acceptedAt), isNull(invitations.declinedAt), isNull(invitations.revokedAt));
/** Unanswered and not expired: the invitee can still accept it. */
const pending = () => and(unanswered(), gt(invitations.expiresAt, sql`now()`));

export type OrganizationInvitation = Pick<
  Invitation,
  'id' | 'email' | 'role' | 'invitedByEmail' | 'createdAt' | 'expiresAt'
>;

const organizationInvitationColumns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  invitedByEmail: invitations.invitedByEmail,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
};

/** "about 3 hours", "about 20 minutes", "40 seconds": a wait, readable. */
export function aboutDuration(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `${s} second${s === 1 ? '' : 's'}`;
  if (s < 90 * 60) return `about ${Math.round(s / 60)} minutes`;
  const hours = Math.round(s / 3600);
  return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

/** Per organization and per (organization, address), all or nothing; 429 with a readable message. */
async function enforceInviteLimits(organizationId: string, email: string): Promise<void> {
  const env = getEnv();
  try {
    await enforceRateLimits([
      {
        name: 'invite:organization',
        subject: organizationId,
        rules: env.RATE_LIMIT_INVITE_PER_ORGANIZATION,
        describe: 'this organization',
      },
      {
        name: 'invite:address',
        subject: `${organizationId}\u0000${email}`,
        rules: env.RATE_LIMIT_INVITE_PER_ADDRESS,
        describe: 'this address',
      },
    ]);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'rate_limited') throw error;
    const seconds = error.extra.retryAfterSeconds ?? 60;
    const which = /for this address/.test(error.message)
      ? `${email} was invited to this organization recently`
      : 'This organization has sent as many invitations as it may for now';
    throw new AppError('rate_limited', `${which}. You can invite again in ${aboutDuration(seconds)}.`, {
      retryAfterSeconds: seconds,
    });
  }
}

/**
 * An owner invites an address: a pending invitation (7 days), never an account. The answer
 * does not depend on whether the address has an account anywhere; only "already a member
 * of this organization" is told. A newer invitation replaces a pending one of the same address.
 */
export async function createInvitation(
  actor: Actor,
  input: { email: string; role: Role },
): Promise<OrganizationInvitation> {
  if (actor.role !== 'owner') throw new AppError('forbidden', 'Only an owner of the organization can invite members.');
  const email = normalizeEmail(input.email);
  if (await isMemberByEmail(actor.organizationId, email)) {
    const message = 'is already a member of this organization';
    throw new AppError('validation_failed', `Invalid request: email: ${message}`, {
      errors: [{ path: 'email', message }],
    });
  }
  await enforceInviteLimits(actor.organizationId, email);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(invitations.organizationId, actor.organizationId), eq(invitations.email, email), unanswered()));
    const [invitation] = await tx
      .insert(invitations)
      .values({
        organizationId: actor.organizationId,
        email,
        role: input.role,
        invitedByAccountId: actor.id,
        invitedByEmail: actor.email,
        expiresAt: sql`now() + make_interval(days => ${INVITATION_TTL_DAYS})`,
      })
      .returning(organizationInvitationColumns);
    if (!invitation) throw new Error('insert into invitations returned no row');
    await recordAudit(tx, actor.organizationId, actor, {
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: invitation.id,
      details: { email, role: input.role },
    });
    return invitation;
  });
}

/** The organization's unanswered invitations (expired ones too, so they can be tidied), newest first. */
export async function listOrganizationInvitations(organizationId: string): Promise<OrganizationInvitation[]> {
  const db = await getDb();
  return db
    .select(organizationInvitationColumns)
    .from(invitations)
    .where(and(eq(invitations.organizationId, organizationId), unanswered()))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
}

/** An owner withdraws an unanswered invitation of their organization. */
export async function revokeInvitation(actor: Actor, invitationId: string): Promise<OrganizationInvitation> {
  if (actor.role !== 'owner')
    throw new AppError('forbidden', 'Only an owner of the organization can revoke invitations.');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(invitations)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(invitations.organizationId, actor.organizationId), eq(invitations.id, invitationId), unanswered()))
      .returning(organizationInvitationColumns);
    if (!revoked) throw new AppError('not_found', 'No open invitation with this id in your organization.');
    await recordAudit(tx, actor.organizationId, actor, {
      action: 'invitation.revoked',
      targetType: 'invitation',
      targetId: revoked.id,
      details: { email: revoked.email },
    });
    return revoked;
  });
}

export type ReceivedInvitation = Pick<
  Invitation,
  'id' | 'organizationId' | 'role' | 'invitedByEmail' | 'createdAt' | 'expiresAt'
> & {
  organizationName: string;
};

/** The pending, unexpired invitations addressed to a person, newest first. */
export async function listInvitationsFor(emailAddress: string): Promise<ReceivedInvitation[]> {
  const db = await getDb();
  return db
    .select({
      id: invitations.id,
      organizationId: invitations.organizationId,
      organizationName: organizations.name,
      role: invitations.role,
      invitedByEmail: invitations.invitedByEmail,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
    .where(and(eq(invitations.email, normalizeEmail(emailAddress)), pending()))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
}

/** True when the address has a pending, unexpired invitation to any organization. */
export async function hasPendingInvitation(emailAddress: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: invitations.id })
    .from(invitations)
    .where(and(eq(invitations.email, normalizeEmail(emailAddress)), pending()))
    .limit(1);
  return Boolean(row);
}

export type AnsweredInvitation = { id: string; organizationId: string; organizationName: string; role: Role };

const notOpen = () =>
  new AppError(
    'not_found',
    'This invitation is no longer open: it may have expired, been revoked or been answered already.',
  );

/**
 * The invitee accepts: the invitation is marked accepted and the membership made in one
 * transaction. Only an invitation addressed to the person's own address can be accepted.
 */
export async function acceptInvitation(invitee: Invitee, invitationId: string): Promise<AnsweredInvitation> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [accepted] = await tx
      .update(invitations)
      .set({ acceptedAt: sql`now()` })
      .where(and(eq(invitations.id, invitationId), eq(invitations.email, normalizeEmail(invitee.email)), pending()))
      .returning({ id: invitations.id, organizationId: invitations.organizationId, role: invitations.role });
    if (!accepted) throw notOpen();
    await tx
      .insert(memberships)
      .values({ organizationId: accepted.organizationId, accountId: invitee.id, role: accepted.role })
      // Already a member (invited twice): an owner invitation still makes them an owner.
      .onConflictDoUpdate({
        target: [memberships.organizationId, memberships.accountId],
        set: { role: sql`case when excluded.role = 'owner' then 'owner' else ${memberships.role} end` },
      });
    const [organization] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, accepted.organizationId));
    await recordAudit(tx, accepted.organizationId, invitee, {
      action: 'invitation.accepted',
      targetType: 'invitation',
      targetId: accepted.id,
      details: { email: invitee.email, role: accepted.role },
    });
    return { ...accepted, organizationName: organization?.name ?? '' };
  });
}

/** The invitee declines: nothing joins, the inviting organization sees it gone. */
export async function declineInvitation(invitee: Invitee, invitationId: string): Promise<AnsweredInvitation> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [declined] = await tx
      .update(invitations)
      .set({ declinedAt: sql`now()` })
      .where(and(eq(invitations.id, invitationId), eq(invitations.email, normalizeEmail(invitee.email)), pending()))
      .returning({ id: invitations.id, organizationId: invitations.organizationId, role: invitations.role });
    if (!declined) throw notOpen();
    const [organization] = await tx
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, declined.organizationId));
    await recordAudit(tx, declined.organizationId, invitee, {
      action: 'invitation.declined',
      targetType: 'invitation',
      targetId: declined.id,
      details: { email: invitee.email },
    });
    return { ...declined, organizationName: organization?.name ?? '' };
  });
}

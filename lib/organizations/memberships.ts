// Memberships: who belongs to which organization, as owner or member. A person (account)
// may belong to several; every dashboard request re-reads the membership of the current
// organization, so a removed member loses access at once.
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record';
import { type RevokedSecretKey, revokeKeysCreatedBy } from '../auth/secret-keys';
import { type Database, getDb } from '../db/client';
import { type Account, accounts, type Membership, memberships, organizations } from '../db/schema';
import { AppError } from '../errors';
import { normalizeEmail } from '../tokens';

/** The acting dashboard account in its current organization (see lib/dashboard/accounts.ts). */
export type Actor = Pick<Account, 'id' | 'email'> &
  Pick<Membership, 'organizationId' | 'role'> & { organizationName: string };

export type Member = Pick<Account, 'id' | 'email' | 'lastSignInAt'> & Pick<Membership, 'role'> & { joinedAt: Date };

/** The organization's members (id is the account id), oldest first. */
export async function listMembers(organizationId: string): Promise<Member[]> {
  const db = await getDb();
  return db
    .select({
      id: accounts.id,
      email: accounts.email,
      role: memberships.role,
      lastSignInAt: accounts.lastSignInAt,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.organizationId, organizationId))
    .orderBy(asc(memberships.createdAt), asc(memberships.id));
}

export type MembershipSummary = Pick<Membership, 'organizationId' | 'role'> & { organizationName: string };

/** The organizations an account belongs to (the switcher), by name. */
export async function listMembershipsOf(accountId: string): Promise<MembershipSummary[]> {
  const db = await getDb();
  return db
    .select({
      organizationId: memberships.organizationId,
      role: memberships.role,
      organizationName: organizations.name,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(organizations.name), asc(memberships.organizationId));
}

/** True when the account belongs to the organization. */
export async function isMemberOf(accountId: string, organizationId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.accountId, accountId), eq(memberships.organizationId, organizationId)));
  return Boolean(row);
}

/** True when the address has an account that belongs to at least one organization. */
export async function hasAnyMembership(emailAddress: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(accounts.email, normalizeEmail(emailAddress)))
    .limit(1);
  return Boolean(row);
}

/** True when the address is a member of the organization already. */
export async function isMemberByEmail(organizationId: string, emailAddress: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.organizationId, organizationId), eq(accounts.email, normalizeEmail(emailAddress))));
  return Boolean(row);
}

type Tx = Pick<Database, 'execute' | 'select' | 'insert'>;

/** Locks the organization's row: membership changes of one organization take turns. */
async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  await tx.execute(sql`select id from ${organizations} where id = ${organizationId} for update`);
}

async function ownerCount(tx: Tx, organizationId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, 'owner')));
  return row?.n ?? 0;
}

export type RemovedMember = { email: string; revokedKeys: RevokedSecretKey[] };

/**
 * Removes a member of the actor's organization (owners only, never themselves — they
 * leave instead) and revokes those of `revokeKeyIds` that the member created.
 */
export async function removeMember(
  actor: Actor,
  accountId: string,
  revokeKeyIds: string[] = [],
): Promise<RemovedMember> {
  if (actor.role !== 'owner') throw new AppError('forbidden', 'Only an owner of the organization can remove members.');
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    // Re-read under the lock: an owner who has just left (or been removed) removes nobody.
    const [own] = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.accountId, actor.id)));
    if (own?.role !== 'owner') throw new AppError('forbidden', 'Only an owner of the organization can remove members.');
    const [removed] = await tx
      .delete(memberships)
      .where(
        and(
          eq(memberships.organizationId, actor.organizationId),
          eq(memberships.accountId, accountId),
          ne(memberships.accountId, actor.id),
        ),
      )
      .returning({ accountId: memberships.accountId });
    if (!removed)
      throw new AppError(
        'not_found',
        'No such member in this organization (you cannot remove yourself: leave instead).',
      );
    const [account] = await tx
      .select({ email: accounts.email })
      .from(accounts)
      .where(eq(accounts.id, removed.accountId));
    const revokedKeys = await revokeKeysCreatedBy(actor.organizationId, removed.accountId, revokeKeyIds, tx);
    const email = account?.email ?? '';
    await recordAudit(tx, actor.organizationId, actor, {
      action: 'member.removed',
      targetType: 'account',
      targetId: removed.accountId,
      details: { email, revokedKeys: revokedKeys.map((k) => ({ id: k.id, name: k.name, lastFour: k.lastFour })) },
    });
    return { email, revokedKeys };
  });
}

/** The actor leaves their current organization; its last owner cannot. */
export async function leaveOrganization(actor: Actor): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    const [left] = await tx
      .delete(memberships)
      .where(and(eq(memberships.organizationId, actor.organizationId), eq(memberships.accountId, actor.id)))
      .returning({ role: memberships.role });
    if (!left) throw new AppError('not_found', 'You are not a member of this organization any more.');
    if (left.role === 'owner' && (await ownerCount(tx, actor.organizationId)) === 0) {
      throw new AppError(
        'forbidden',
        `You are the last owner of ${actor.organizationName}, so you cannot leave it. Invite someone as an owner first; once they have accepted, you can leave.`,
      );
    }
    await recordAudit(tx, actor.organizationId, actor, {
      action: 'member.left',
      targetType: 'account',
      targetId: actor.id,
      details: { email: actor.email },
    });
  });
}

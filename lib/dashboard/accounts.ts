// Dashboard accounts: who may manage an organization. A first sign-in with a new address
// creates an organization with that account as owner; invited members join an existing one.
import { and, asc, eq, ne } from 'drizzle-orm';
import { getDb } from '../db/client';
import { accounts, organizations, type Account } from '../db/schema';
import { AppError } from '../errors';
import { normalizeEmail } from '../tokens';

export type DashboardAccount = Pick<Account, 'id' | 'organizationId' | 'email' | 'role' | 'signedOutAt'> & {
  organizationName: string;
};

const accountColumns = {
  id: accounts.id,
  organizationId: accounts.organizationId,
  email: accounts.email,
  role: accounts.role,
  signedOutAt: accounts.signedOutAt,
  organizationName: organizations.name,
};

/** Sign-out: every dashboard cookie of this account issued until now stops working. */
export async function signOutAccount(accountId: string): Promise<void> {
  const db = await getDb();
  await db.update(accounts).set({ signedOutAt: new Date() }).where(eq(accounts.id, accountId));
}

/** The account behind a dashboard cookie, or null when it no longer exists. */
export async function getAccount(accountId: string): Promise<DashboardAccount | null> {
  const db = await getDb();
  const [row] = await db
    .select(accountColumns)
    .from(accounts)
    .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
    .where(eq(accounts.id, accountId));
  return row ?? null;
}

/** Thrown (and caught) to roll back a spare organization; defined here, so instanceof is reliable. */
class LostFirstSignInRace extends Error {}

/**
 * Called once a dashboard magic link has been verified: the account of the address,
 * created with a new organization when the address is new.
 */
export async function signInAccount(emailAddress: string): Promise<DashboardAccount> {
  const email = normalizeEmail(emailAddress);
  const db = await getDb();
  const now = new Date();
  const [existing] = await db
    .update(accounts)
    .set({ lastSignInAt: now })
    .where(eq(accounts.email, email))
    .returning({ id: accounts.id });
  if (!existing) {
    await db.transaction(async (tx) => {
      const [organization] = await tx
        .insert(organizations)
        .values({ name: `${email.split('@')[0] ?? email}'s organization` })
        .returning({ id: organizations.id });
      if (!organization) throw new Error('insert into organizations returned no row');
      const [account] = await tx
        .insert(accounts)
        .values({ organizationId: organization.id, email, role: 'owner', lastSignInAt: now })
        .onConflictDoNothing()
        .returning({ id: accounts.id });
      // A concurrent first sign-in of the same address won: drop our organization.
      if (!account) throw new LostFirstSignInRace();
    }).catch((error: unknown) => {
      if (!(error instanceof LostFirstSignInRace)) throw error;
    });
  }
  const [row] = await db
    .select(accountColumns)
    .from(accounts)
    .innerJoin(organizations, eq(organizations.id, accounts.organizationId))
    .where(eq(accounts.email, email));
  if (!row) throw new Error(`no account for ${email} after sign-in`);
  return row;
}

export type Member = Pick<Account, 'id' | 'email' | 'role' | 'lastSignInAt' | 'createdAt'>;

export async function listMembers(organizationId: string): Promise<Member[]> {
  const db = await getDb();
  return db
    .select({
      id: accounts.id,
      email: accounts.email,
      role: accounts.role,
      lastSignInAt: accounts.lastSignInAt,
      createdAt: accounts.createdAt,
    })
    .from(accounts)
    .where(eq(accounts.organizationId, organizationId))
    .orderBy(asc(accounts.createdAt), asc(accounts.id));
}

/** Adds a member account; they sign in at /login with that address. */
export async function inviteMember(organizationId: string, emailAddress: string): Promise<Member> {
  const email = normalizeEmail(emailAddress);
  const db = await getDb();
  const [member] = await db
    .insert(accounts)
    .values({ organizationId, email, role: 'member' })
    .onConflictDoNothing()
    .returning({
      id: accounts.id,
      email: accounts.email,
      role: accounts.role,
      lastSignInAt: accounts.lastSignInAt,
      createdAt: accounts.createdAt,
    });
  if (!member) {
    // One account per address: it is either here already or in another organization.
    const message = 'already has a UAuth account; a person can belong to one organization';
    throw new AppError('validation_failed', `Invalid request: email: ${message}`, {
      errors: [{ path: 'email', message }],
    });
  }
  return member;
}

/** Removes a member of the organization: owners only, never themselves. */
export async function removeMember(actor: DashboardAccount, accountId: string): Promise<string> {
  if (actor.role !== 'owner') throw new AppError('forbidden', 'Only an owner of the organization can remove members.');
  const { organizationId, id: actorId } = actor;
  const db = await getDb();
  const [removed] = await db
    .delete(accounts)
    .where(and(eq(accounts.organizationId, organizationId), eq(accounts.id, accountId), ne(accounts.id, actorId)))
    .returning({ email: accounts.email });
  if (!removed) throw new AppError('not_found', 'No such member in this organization (you cannot remove yourself).');
  return removed.email;
}

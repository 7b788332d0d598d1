// Dashboard accounts: a person (one account per address) who may belong to several
// organizations (lib/organizations/memberships.ts). The dashboard works in one of them
// at a time — the cookie's current organization — and re-reads that membership on every
// request. A first sign-in makes the person an organization of their own when the
// sign-up setting allows it; invitations join nobody until accepted.
import { asc, eq, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { type Account, accounts, memberships, organizations } from '../db/schema';
import { AppError } from '../errors';
import { defaultOrganizationName, insertOrganizationWithOwner } from '../organizations/create-organization';
import { hasPendingInvitation } from '../organizations/invitations';
import type { Actor } from '../organizations/memberships';
import { normalizeEmail } from '../tokens';
import { signUpAllowed } from './sign-up-policy';

/** The signed-in account in its current organization: what every dashboard page works with. */
export type DashboardAccount = Actor & Pick<Account, 'signedOutAt'>;

/** The signed-in person, and their current organization when they belong to any. */
export type DashboardPerson = Pick<Account, 'id' | 'email' | 'signedOutAt'> & { account: DashboardAccount | null };

/** Sign-out: every dashboard cookie of this account issued until now stops working. */
export async function signOutAccount(accountId: string): Promise<void> {
  const db = await getDb();
  await db.update(accounts).set({ signedOutAt: new Date() }).where(eq(accounts.id, accountId));
}

/**
 * The person behind a dashboard cookie (null when the account is gone), working in
 * `organizationId` when they are still a member of it, else in another organization of
 * theirs (the oldest membership), else in none.
 */
export async function getDashboardPerson(
  accountId: string,
  organizationId: string | undefined,
): Promise<DashboardPerson | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      id: accounts.id,
      email: accounts.email,
      signedOutAt: accounts.signedOutAt,
      organizationId: memberships.organizationId,
      role: memberships.role,
      organizationName: organizations.name,
    })
    .from(accounts)
    .leftJoin(memberships, eq(memberships.accountId, accounts.id))
    .leftJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(accounts.id, accountId))
    .orderBy(
      sql`(${memberships.organizationId}::text = ${organizationId ?? ''}) desc nulls last`,
      asc(memberships.createdAt),
      asc(memberships.id),
    )
    .limit(1);
  if (!row) return null;
  const { id, email, signedOutAt } = row;
  const account =
    row.organizationId && row.role && row.organizationName !== null
      ? {
          id,
          email,
          signedOutAt,
          organizationId: row.organizationId,
          role: row.role,
          organizationName: row.organizationName,
        }
      : null;
  return { id, email, signedOutAt, account };
}

/** Who signed in, and the organization to open first (null: the oldest membership, or none). */
export type SignedIn = { accountId: string; organizationId: string | null };

/** Thrown (and caught) to roll back a spare organization; defined here, so instanceof is reliable. */
class LostFirstSignInRace extends Error {}

/**
 * Called once a dashboard magic link has been verified. An existing account signs in.
 * A new address gets an account and its own organization when DASHBOARD_SIGNUP allows it
 * for the address; otherwise an account (and no organization) only when it has a pending
 * invitation to answer; otherwise null — nobody is signed in and nothing is made.
 */
export async function signInAccount(emailAddress: string): Promise<SignedIn | null> {
  const email = normalizeEmail(emailAddress);
  const db = await getDb();
  const now = new Date();
  const signIn = async () =>
    (
      await db
        .update(accounts)
        .set({ lastSignInAt: now })
        .where(eq(accounts.email, email))
        .returning({ id: accounts.id })
    )[0];

  const existing = await signIn();
  if (existing) return { accountId: existing.id, organizationId: null };

  if (signUpAllowed(email)) {
    try {
      return await db.transaction(async (tx) => {
        const [account] = await tx
          .insert(accounts)
          .values({ email, lastSignInAt: now })
          .onConflictDoNothing({ target: accounts.email })
          .returning({ id: accounts.id });
        // A concurrent first sign-in of the same address won: drop our organization.
        if (!account) throw new LostFirstSignInRace();
        const organizationId = await insertOrganizationWithOwner(tx, defaultOrganizationName(email), account.id);
        return { accountId: account.id, organizationId };
      });
    } catch (error) {
      if (!(error instanceof LostFirstSignInRace)) throw error;
      const winner = await signIn();
      if (!winner) throw new Error(`no account for ${email} after a lost first sign-in race`);
      return { accountId: winner.id, organizationId: null };
    }
  }

  if (await hasPendingInvitation(email)) {
    await db.insert(accounts).values({ email, lastSignInAt: now }).onConflictDoNothing({ target: accounts.email });
    const account = await signIn();
    if (!account) throw new Error(`no account for ${email} after insert`);
    return { accountId: account.id, organizationId: null };
  }
  return null;
}

/**
 * "Create an organization" for a signed-in person (who belongs to none, or wants another),
 * when DASHBOARD_SIGNUP allows it for their address. Returns the new organization's id.
 */
export async function createOwnOrganization(person: Pick<Account, 'id' | 'email'>, name?: string): Promise<string> {
  if (!signUpAllowed(person.email)) {
    throw new AppError(
      'forbidden',
      'On this server organizations are created by invitation only. Ask an owner of an organization to invite you.',
    );
  }
  const db = await getDb();
  return db.transaction((tx) =>
    insertOrganizationWithOwner(tx, name?.trim() || defaultOrganizationName(person.email), person.id),
  );
}

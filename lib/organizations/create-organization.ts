// Making organizations: an organization always starts with an owner membership.
// - the CLI (`org create`): for any address, with a first secret key; an address that
//   already has an account gets an owner membership of the new organization;
// - the dashboard: a person's own organization at their first sign-in, or from the
//   "Create an organization" button — both subject to DASHBOARD_SIGNUP.
import { eq } from 'drizzle-orm';
import { insertSecretKey } from '../auth/secret-keys';
import { type Database, getDb } from '../db/client';
import { accounts, memberships, organizations } from '../db/schema';
import { normalizeEmail } from '../tokens';

export type CreateOrganizationOptions = { name: string; ownerEmail: string };
export type CreatedOrganization = { organizationId: string; secretToken: string };

type Tx = Pick<Database, 'insert'>;

/** The one way an organization is made: the row and its first owner's membership. */
export async function insertOrganizationWithOwner(tx: Tx, name: string, ownerAccountId: string): Promise<string> {
  const [organization] = await tx.insert(organizations).values({ name }).returning({ id: organizations.id });
  if (!organization) throw new Error('insert into organizations returned no row');
  await tx.insert(memberships).values({ organizationId: organization.id, accountId: ownerAccountId, role: 'owner' });
  return organization.id;
}

/** The default name of a person's own organization: "ada's organization". */
export function defaultOrganizationName(emailAddress: string): string {
  const email = normalizeEmail(emailAddress);
  return `${email.split('@')[0] || email}'s organization`;
}

/** The CLI's `org create`: an organization, its owner (new or existing account) and a first key. */
export async function createOrganization(options: CreateOrganizationOptions): Promise<CreatedOrganization> {
  const db = await getDb();
  const email = normalizeEmail(options.ownerEmail);
  return db.transaction(async (tx) => {
    await tx.insert(accounts).values({ email }).onConflictDoNothing({ target: accounts.email });
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
    if (!account) throw new Error(`no account for ${email} after insert`);
    const organizationId = await insertOrganizationWithOwner(tx, options.name, account.id);
    const key = await insertSecretKey(tx, organizationId, 'Default key', account.id);
    return { organizationId, secretToken: key.secretToken };
  });
}

// An organization, its owner's dashboard account and its first secret key, made together.
import { getDb } from '../db/client';
import { accounts, organizations } from '../db/schema';
import { createSecretKey } from '../auth/secret-keys';
import { AppError } from '../errors';
import { normalizeEmail } from '../tokens';

export type CreateOrganizationOptions = { name: string; ownerEmail: string };
export type CreatedOrganization = { organizationId: string; secretToken: string };

export async function createOrganization(options: CreateOrganizationOptions): Promise<CreatedOrganization> {
  const db = await getDb();
  const email = normalizeEmail(options.ownerEmail);
  return db.transaction(async (tx) => {
    const [organization] = await tx.insert(organizations).values({ name: options.name }).returning();
    if (!organization) throw new Error('insert into organizations returned no row');
    const [account] = await tx
      .insert(accounts)
      .values({ organizationId: organization.id, email, role: 'owner' })
      .onConflictDoNothing()
      .returning({ id: accounts.id });
    if (!account) throw new AppError('validation_failed', `An account for ${email} already exists.`);
    const key = await createSecretKey(organization.id, 'Default key', tx);
    return { organizationId: organization.id, secretToken: key.secretToken };
  });
}

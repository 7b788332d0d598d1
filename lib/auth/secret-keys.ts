// Organization secret keys (`sk_…`): created shown-once, stored as SHA-256, several
// active at once so that a key can be rotated without downtime.
import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import { getDb, type Database } from '../db/client';
import { secretKeys, type SecretKey } from '../db/schema';
import { AppError } from '../errors';
import { hashToken, newSecretKey } from '../tokens';

export type CreatedSecretKey = { id: string; secretToken: string; lastFour: string };

export async function createSecretKey(
  organizationId: string,
  name: string,
  db?: Pick<Database, 'insert'>,
): Promise<CreatedSecretKey> {
  const secretToken = newSecretKey();
  const lastFour = secretToken.slice(-4);
  const [row] = await (db ?? (await getDb()))
    .insert(secretKeys)
    .values({ organizationId, name, keyHash: hashToken(secretToken), lastFour })
    .returning({ id: secretKeys.id });
  if (!row) throw new Error('insert into secret_keys returned no row');
  return { id: row.id, secretToken, lastFour };
}

/** The organization a secret key belongs to; 401 for a missing, unknown or revoked key. */
export async function authenticateSecretKey(secretToken: string | null): Promise<{ organizationId: string }> {
  if (!secretToken) {
    throw new AppError(
      'unauthorized',
      'Missing organization secret key: send it as the x-upid-organization-key header, an Authorization: Bearer header, or the secretToken query parameter.',
    );
  }
  const db = await getDb();
  const keyHash = hashToken(secretToken);
  const [key] = await db
    .select({ id: secretKeys.id, organizationId: secretKeys.organizationId, lastUsedAt: secretKeys.lastUsedAt })
    .from(secretKeys)
    .where(and(eq(secretKeys.keyHash, keyHash), isNull(secretKeys.revokedAt)));
  if (!key) throw new AppError('unauthorized', 'Unknown or revoked organization secret key.');

  // Record use at most once an hour, off the request's critical path.
  const hourAgo = new Date(Date.now() - 3_600_000);
  if (!key.lastUsedAt || key.lastUsedAt < hourAgo) {
    db.update(secretKeys)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(secretKeys.id, key.id), or(isNull(secretKeys.lastUsedAt), lt(secretKeys.lastUsedAt, hourAgo))))
      .catch(() => {});
  }
  return { organizationId: key.organizationId };
}

export type SecretKeySummary = Pick<SecretKey, 'id' | 'name' | 'lastFour' | 'lastUsedAt' | 'revokedAt' | 'createdAt'>;

/** The organization's keys, newest first (never the hash). */
export async function listSecretKeys(organizationId: string): Promise<SecretKeySummary[]> {
  const db = await getDb();
  return db
    .select({
      id: secretKeys.id,
      name: secretKeys.name,
      lastFour: secretKeys.lastFour,
      lastUsedAt: secretKeys.lastUsedAt,
      revokedAt: secretKeys.revokedAt,
      createdAt: secretKeys.createdAt,
    })
    .from(secretKeys)
    .where(eq(secretKeys.organizationId, organizationId))
    .orderBy(desc(secretKeys.createdAt), desc(secretKeys.id));
}

/** Revokes a key of the organization at once; 404 for another organization's key. */
export async function revokeSecretKey(organizationId: string, keyId: string): Promise<SecretKeySummary> {
  const db = await getDb();
  const [key] = await db
    .update(secretKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(secretKeys.organizationId, organizationId), eq(secretKeys.id, keyId), isNull(secretKeys.revokedAt)))
    .returning({
      id: secretKeys.id,
      name: secretKeys.name,
      lastFour: secretKeys.lastFour,
      lastUsedAt: secretKeys.lastUsedAt,
      revokedAt: secretKeys.revokedAt,
      createdAt: secretKeys.createdAt,
    });
  if (!key) throw new AppError('not_found', 'No active key with this id in your organization.');
  return key;
}

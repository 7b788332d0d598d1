// Organization secret keys (`sk_…`): created shown-once, stored as SHA-256, several
// active at once so that a key can be rotated without downtime. Each key records who
// created it, so that removing a member can revoke the keys they made.
import { and, desc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type AuditActor, actorAccountId, actorLabel, recordAudit, type SecretKeyActor } from '../audit/record';
import { type Database, getDb } from '../db/client';
import { accounts, type SecretKey, secretKeys } from '../db/schema';
import { AppError } from '../errors';
import { hashToken, newSecretKey } from '../tokens';
import { isLiveClientToken } from './client-token';
import type { SecretKeyDto } from './schemas';

export type CreatedSecretKey = Pick<SecretKey, 'id' | 'name' | 'lastFour' | 'createdAt'> & { secretToken: string };

/**
 * Inserts a new key of the organization, recording who asked for it: an account, or (through
 * the REST API) another key. For a key made with its organization (the CLI's `org create`);
 * every other key is made by createSecretKey, which records it in the audit log.
 */
export async function insertSecretKey(
  db: Pick<Database, 'insert'>,
  organizationId: string,
  name: string,
  createdByAccountId: string | null,
  createdBySecretKeyId: string | null = null,
): Promise<CreatedSecretKey> {
  const secretToken = newSecretKey();
  const lastFour = secretToken.slice(-4);
  const [row] = await db
    .insert(secretKeys)
    .values({
      organizationId,
      name,
      keyHash: hashToken(secretToken),
      lastFour,
      createdByAccountId,
      createdBySecretKeyId,
    })
    .returning({
      id: secretKeys.id,
      name: secretKeys.name,
      lastFour: secretKeys.lastFour,
      createdAt: secretKeys.createdAt,
    });
  if (!row) throw new Error('insert into secret_keys returned no row');
  return { ...row, secretToken };
}

/**
 * A new key of the organization, made by `actor`: a person (the dashboard) or a key (the REST
 * API), recorded as its creator. It works at once.
 */
export async function createSecretKey(
  organizationId: string,
  name: string,
  actor: AuditActor,
): Promise<CreatedSecretKey & Pick<SecretKeySummary, 'createdBy'>> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const creatorKeyId = 'secretKeyId' in actor ? actor.secretKeyId : null;
    const key = await insertSecretKey(tx, organizationId, name, actorAccountId(actor), creatorKeyId);
    await recordAudit(tx, organizationId, actor, {
      action: 'secret_key.created',
      targetType: 'secret_key',
      targetId: key.id,
      details: { name, lastFour: key.lastFour },
    });
    return { ...key, createdBy: actorLabel(actor) };
  });
}

/** A request authenticated by an organization secret key: its organization, and the key as the actor of changes. */
export type SecretKeyCaller = { organizationId: string; actor: SecretKeyActor };

/** 403 for a project client token where the organization secret key is required. */
function clientTokenRefused(): AppError {
  return new AppError(
    'forbidden',
    'A project client token cannot be used here: this endpoint needs the organization secret key (sk_…), from your server.',
  );
}

/**
 * The organization a secret key belongs to. 401 for a missing, unknown or revoked key; 403
 * when the credential presented is the client token of a live project (as the key, or, with
 * no key, as `clientToken`): a known credential that may not do this.
 */
export async function authenticateSecretKey(
  secretToken: string | null,
  clientToken: string | null = null,
): Promise<SecretKeyCaller> {
  if (!secretToken) {
    if (clientToken && (await isLiveClientToken(clientToken))) throw clientTokenRefused();
    throw new AppError(
      'unauthorized',
      'Missing organization secret key: send it as the x-upid-organization-key header, an Authorization: Bearer header, or the secretToken query parameter.',
    );
  }
  const db = await getDb();
  const keyHash = hashToken(secretToken);
  const [key] = await db
    .select({
      id: secretKeys.id,
      organizationId: secretKeys.organizationId,
      lastFour: secretKeys.lastFour,
      lastUsedAt: secretKeys.lastUsedAt,
    })
    .from(secretKeys)
    .where(and(eq(secretKeys.keyHash, keyHash), isNull(secretKeys.revokedAt)));
  if (!key) {
    if (await isLiveClientToken(secretToken)) throw clientTokenRefused();
    throw new AppError('unauthorized', 'Unknown or revoked organization secret key.');
  }

  // Record use at most once an hour, off the request's critical path.
  const hourAgo = new Date(Date.now() - 3_600_000);
  if (!key.lastUsedAt || key.lastUsedAt < hourAgo) {
    db.update(secretKeys)
      .set({ lastUsedAt: new Date() })
      .where(and(eq(secretKeys.id, key.id), or(isNull(secretKeys.lastUsedAt), lt(secretKeys.lastUsedAt, hourAgo))))
      .catch(() => {});
  }
  return { organizationId: key.organizationId, actor: { secretKeyId: key.id, lastFour: key.lastFour } };
}

export type SecretKeySummary = Pick<
  SecretKey,
  'id' | 'name' | 'lastFour' | 'lastUsedAt' | 'revokedAt' | 'createdAt' | 'createdByAccountId'
> & {
  /**
   * Who made it, as the audit log names actors: the creator's address, or "API key sk_…abcd"
   * for a key made through the REST API; null when that account no longer exists.
   */
  createdBy: string | null;
};

const creatorKeys = alias(secretKeys, 'creator_keys');

/** The organization's keys with their creators, newest first (never the hash). */
export async function listSecretKeys(organizationId: string): Promise<SecretKeySummary[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: secretKeys.id,
      name: secretKeys.name,
      lastFour: secretKeys.lastFour,
      lastUsedAt: secretKeys.lastUsedAt,
      revokedAt: secretKeys.revokedAt,
      createdAt: secretKeys.createdAt,
      createdByAccountId: secretKeys.createdByAccountId,
      creatorEmail: accounts.email,
      creatorKeyId: creatorKeys.id,
      creatorKeyLastFour: creatorKeys.lastFour,
    })
    .from(secretKeys)
    .leftJoin(accounts, eq(accounts.id, secretKeys.createdByAccountId))
    .leftJoin(creatorKeys, eq(creatorKeys.id, secretKeys.createdBySecretKeyId))
    .where(eq(secretKeys.organizationId, organizationId))
    .orderBy(desc(secretKeys.createdAt), desc(secretKeys.id));
  return rows.map(({ creatorEmail, creatorKeyId, creatorKeyLastFour, ...key }) => ({
    ...key,
    createdBy:
      creatorEmail ??
      (creatorKeyId !== null && creatorKeyLastFour !== null
        ? actorLabel({ secretKeyId: creatorKeyId, lastFour: creatorKeyLastFour })
        : null),
  }));
}

/** A key as the REST API answers it: the fields of secretKeyDtoSchema, nothing else (never the hash). */
export function toSecretKeyDto(
  key: Pick<SecretKeySummary, 'id' | 'name' | 'lastFour' | 'createdAt' | 'createdBy'> &
    Partial<Pick<SecretKeySummary, 'lastUsedAt' | 'revokedAt'>>,
): SecretKeyDto {
  return {
    id: key.id,
    name: key.name,
    lastFour: key.lastFour,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
    createdBy: key.createdBy,
  };
}

export type RevokedSecretKey = Pick<SecretKey, 'id' | 'name' | 'lastFour'>;
const revokedColumns = { id: secretKeys.id, name: secretKeys.name, lastFour: secretKeys.lastFour };

/** Revokes a key of the organization at once; 404 for another organization's key. */
export async function revokeSecretKey(
  organizationId: string,
  keyId: string,
  actor: AuditActor,
): Promise<RevokedSecretKey> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [key] = await tx
      .update(secretKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(secretKeys.organizationId, organizationId), eq(secretKeys.id, keyId), isNull(secretKeys.revokedAt)))
      .returning(revokedColumns);
    if (!key) throw new AppError('not_found', 'No active key with this id in your organization.');
    await recordAudit(tx, organizationId, actor, {
      action: 'secret_key.revoked',
      targetType: 'secret_key',
      targetId: key.id,
      details: { name: key.name, lastFour: key.lastFour },
    });
    return key;
  });
}

/**
 * Revokes those of `keyIds` that are active keys of the organization created by the
 * account (removing a member: the owner ticks which of their keys go too); others are
 * left alone.
 */
export async function revokeKeysCreatedBy(
  organizationId: string,
  accountId: string,
  keyIds: string[],
  db?: Pick<Database, 'update'>,
): Promise<RevokedSecretKey[]> {
  if (keyIds.length === 0) return [];
  return (db ?? (await getDb()))
    .update(secretKeys)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(secretKeys.organizationId, organizationId),
        eq(secretKeys.createdByAccountId, accountId),
        inArray(secretKeys.id, keyIds),
        isNull(secretKeys.revokedAt),
      ),
    )
    .returning(revokedColumns);
}

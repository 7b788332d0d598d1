// A project's signing keys: Ed25519 key pairs whose private half is stored sealed, the rule
// that says which key signs, which are published and which may go, and the race-safe
// "first key" of a project. Every function takes its database (no import of lib/db/client:
// lib/db/migrate.ts gives projects that predate signing keys theirs at start-up).
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { and, asc, eq, isNull, notExists } from 'drizzle-orm';
import type { Database } from '../db/client';
import { type PublicSigningJwk, projects, type SigningKey, signingKeys } from '../db/schema';
import { getEnv } from '../env';
import { sealerFor } from '../seal';

/**
 * `Cache-Control: max-age` of the JWKS (GET /api/projects/{projectId}/jwks.json). A rotated
 * key signs only ACCESS_TOKEN_TTL_SECONDS + this long after it is published, so every
 * verifier that cached the JWKS has refetched it (and holds the new key) before it is used.
 */
export const JWKS_MAX_AGE_SECONDS = 300;

/** The private keys' own sealing key (HKDF label), distinct from the outbox's and the cookie's. */
const privateKeys = sealerFor('signing-key-seal-v1');

/** How long after a rotation the new key starts signing. */
export function rotationDelaySeconds(): number {
  return getEnv().ACCESS_TOKEN_TTL_SECONDS + JWKS_MAX_AGE_SECONDS;
}

/** RFC 7638 thumbprint of an Ed25519 public JWK (SHA-256 of its required members, in order). */
function thumbprint(jwk: PublicSigningJwk): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

type KeyMaterial = Pick<SigningKey, 'kid' | 'publicJwk' | 'sealedPrivateKey'>;

/** A fresh key pair: its kid, the public JWK, and the PKCS#8 private key sealed and bound to the kid. */
function newKeyMaterial(): KeyMaterial {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { x } = publicKey.export({ format: 'jwk' });
  if (typeof x !== 'string') throw new Error('an Ed25519 public key without x');
  const publicJwk: PublicSigningJwk = { kty: 'OKP', crv: 'Ed25519', x };
  const kid = thumbprint(publicJwk);
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
  return { kid, publicJwk, sealedPrivateKey: privateKeys.seal({ pkcs8 }, kid) };
}

/** The private key of a stored row; throws when it does not unseal (another SESSION_SECRET, or tampered). */
export function openPrivateKey(key: Pick<SigningKey, 'kid' | 'sealedPrivateKey'>): KeyObject {
  const opened = privateKeys.unseal<{ pkcs8: string }>(key.sealedPrivateKey, key.kid);
  if (!opened) throw new Error(`signing key ${key.kid} does not unseal: was SESSION_SECRET changed?`);
  return createPrivateKey({ key: Buffer.from(opened.pkcs8, 'base64url'), format: 'der', type: 'pkcs8' });
}

/** Adds a key to a project (in the caller's transaction): it is published at once and signs from `activatesAt`. */
export async function insertSigningKey(
  db: Pick<Database, 'insert'>,
  projectId: string,
  activatesAt: Date,
): Promise<SigningKey> {
  const [key] = await db
    .insert(signingKeys)
    .values({ ...newKeyMaterial(), projectId, activatesAt })
    .returning();
  if (!key) throw new Error('insert into signing_keys returned no row');
  return key;
}

export type KeyState =
  /** Published, signs from `from`. */
  | { state: 'next'; from: Date }
  /** Published, signs now. */
  | { state: 'signing'; since: Date }
  /** Published until `until` (its last token's expiry), signs no more. */
  | { state: 'retiring'; until: Date }
  /** Not published: every token it signed has expired. Housekeeping deletes it later. */
  | { state: 'retired'; since: Date };

/**
 * The state of each of a project's keys at `now` (keys ordered by activation, as the SQL of
 * ./signing-key-sql.ts orders them): a key signs from its activation until the next one's
 * (the latest activated key signs), and is published until then + the token lifetime.
 */
export function keyStates<K extends Pick<SigningKey, 'kid' | 'activatesAt'>>(
  keys: K[],
  now: Date,
  ttlSeconds = getEnv().ACCESS_TOKEN_TTL_SECONDS,
): Array<K & KeyState> {
  const ordered = [...keys].sort(
    (a, b) => a.activatesAt.getTime() - b.activatesAt.getTime() || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0),
  );
  return ordered.map((key, i): K & KeyState => {
    const successor = ordered[i + 1];
    if (key.activatesAt > now) return { ...key, state: 'next', from: key.activatesAt };
    if (!successor || successor.activatesAt > now) return { ...key, state: 'signing', since: key.activatesAt };
    const until = new Date(successor.activatesAt.getTime() + ttlSeconds * 1000);
    return until > now ? { ...key, state: 'retiring', until } : { ...key, state: 'retired', since: until };
  });
}

/** Published in the JWKS: the keys that sign now, the staged next one, and retiring ones. */
export function isPublished(key: KeyState): boolean {
  return key.state !== 'retired';
}

/**
 * The kid that signs the project's tokens at `now`, creating the project's first key (active
 * at once) when it has none. Race-safe: the project's row is locked first, so concurrent
 * callers take turns and the second finds the first's key. null: no live project.
 */
export async function ensureSigningKey(db: Database, projectId: string, now = new Date()): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.id, projectId), isNull(projects.deletedAt)))
      .for('update');
    if (!project) return null;
    const keys = await tx
      .select({ kid: signingKeys.kid, activatesAt: signingKeys.activatesAt })
      .from(signingKeys)
      .where(eq(signingKeys.projectId, project.id))
      .orderBy(asc(signingKeys.activatesAt), asc(signingKeys.kid));
    if (keys.length === 0) return (await insertSigningKey(tx, project.id, now)).kid;
    const signing = keyStates(keys, now).find((k) => k.state === 'signing');
    // (none activated yet cannot happen: a rotation never stages a project's only key)
    return (signing ?? keys[0])?.kid ?? null;
  });
}

/**
 * Projects created before signing keys existed get their first key (active at once), through
 * ensureSigningKey: idempotent, so concurrent instances may all run it. Returns how many it made.
 */
export async function backfillSigningKeys(db: Database): Promise<number> {
  const missing = await db
    .select({ id: projects.id })
    .from(projects)
    .where(
      and(
        isNull(projects.deletedAt),
        notExists(db.select({ kid: signingKeys.kid }).from(signingKeys).where(eq(signingKeys.projectId, projects.id))),
      ),
    );
  for (const project of missing) await ensureSigningKey(db, project.id);
  return missing.length;
}

// Signed access tokens: what verify and refresh answer beside the session, so that an app can
// check a sign-in locally (a JWT, EdDSA/Ed25519) instead of asking UAuth on every page load.
// The statements that issue them (verify, refresh) already authenticated the project and the
// session and name the project's signing kid; this module only signs, with the private key
// kept in memory by kid (a key never changes once made). It also publishes each project's
// JWKS and rotates its key in stages (lib/access-tokens/signing-keys.ts has the rule).
import type { KeyObject } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { type AuditActor, COMMAND_LINE, recordAudit } from '../audit/record';
import { getDb } from '../db/client';
import { type Project, projects, type SigningKey, signingKeys } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import type { JwksDto, PublicJwk } from './schemas';
import {
  ensureSigningKey,
  insertSigningKey,
  isPublished,
  type KeyState,
  keyStates,
  openPrivateKey,
  rotationDelaySeconds,
} from './signing-keys';

export type AccessTokenSubject = {
  projectId: string;
  /** The kid the issuing statement found signing; null when the project had no key yet. */
  kid: string | null;
  /** sessions.id (never the session code). */
  sessionId: string;
  userHash: string;
  email: string;
  /** The token never outlives its session. */
  sessionExpiresAt: Date;
  now: Date;
};

export type IssuedAccessToken = { accessToken: string; accessTokenExpiresAt: string };

/** Decrypted private keys by project and kid; at most this many (the oldest go first). */
const MAX_CACHED_KEYS = 1000;
const privateKeyCache = new Map<string, Promise<KeyObject>>();

/**
 * The private key of the project's key `kid`, read and unsealed once per process. Holds only
 * key material that never changes: whether the project is live and the session active is
 * decided by the statement that issues each token, never by this cache.
 */
function privateKeyOf(projectId: string, kid: string): Promise<KeyObject> {
  const cacheKey = `${projectId}/${kid}`;
  const cached = privateKeyCache.get(cacheKey);
  if (cached) {
    // most recently used last: the oldest entry is the one to drop
    privateKeyCache.delete(cacheKey);
    privateKeyCache.set(cacheKey, cached);
    return cached;
  }
  const loading = (async () => {
    const db = await getDb();
    const [row] = await db
      .select({ kid: signingKeys.kid, sealedPrivateKey: signingKeys.sealedPrivateKey })
      .from(signingKeys)
      .where(and(eq(signingKeys.kid, kid), eq(signingKeys.projectId, projectId)));
    if (!row) throw new Error(`no signing key ${kid} for project ${projectId}`);
    return openPrivateKey(row);
  })();
  privateKeyCache.set(cacheKey, loading);
  loading.catch(() => privateKeyCache.delete(cacheKey));
  if (privateKeyCache.size > MAX_CACHED_KEYS) {
    const oldest = privateKeyCache.keys().next().value;
    if (oldest !== undefined) privateKeyCache.delete(oldest);
  }
  return loading;
}

/**
 * Signs the access token of an authenticated, active session: header `alg` EdDSA, `typ` JWT,
 * `kid`; claims `iss` APP_URL, `aud` projectId, `sub` userHash, `email`, `sid` session id,
 * `iat`, `exp` = iat + ACCESS_TOKEN_TTL_SECONDS, or the session's expiry when that comes first.
 */
export async function issueAccessToken(subject: AccessTokenSubject): Promise<IssuedAccessToken> {
  const { APP_URL, ACCESS_TOKEN_TTL_SECONDS } = getEnv();
  const kid = subject.kid ?? (await ensureSigningKey(await getDb(), subject.projectId, subject.now));
  // (the project was deleted between the statement and here)
  if (kid === null) throw new AppError('unauthorized', 'Unknown client token.');
  const key = await privateKeyOf(subject.projectId, kid);
  const iat = Math.floor(subject.now.getTime() / 1000);
  const exp = Math.min(iat + ACCESS_TOKEN_TTL_SECONDS, Math.floor(subject.sessionExpiresAt.getTime() / 1000));
  const accessToken = await new SignJWT({ email: subject.email, sid: subject.sessionId })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid })
    .setIssuer(APP_URL)
    .setAudience(subject.projectId)
    .setSubject(subject.userHash)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { accessToken, accessTokenExpiresAt: new Date(exp * 1000).toISOString() };
}

type KeyRow = Pick<SigningKey, 'kid' | 'publicJwk' | 'activatesAt' | 'createdAt'>;

function toPublicJwk(key: Pick<SigningKey, 'kid' | 'publicJwk'>): PublicJwk {
  const { kty, crv, x } = key.publicJwk;
  return { kty, crv, x, kid: key.kid, alg: 'EdDSA', use: 'sig' };
}

/**
 * GET /api/projects/{projectId}/jwks.json: the public keys a verifier needs (signing, staged
 * next, retiring). 404 for an unknown or deleted project. A project without a key yet (made
 * before signing keys existed, not yet given one at start-up) gets its first one here.
 */
export async function getJwks(projectId: string): Promise<JwksDto> {
  const db = await getDb();
  for (let attempt = 0; attempt < 2; attempt++) {
    const rows = await db
      .select({
        projectId: projects.id,
        kid: signingKeys.kid,
        publicJwk: signingKeys.publicJwk,
        activatesAt: signingKeys.activatesAt,
      })
      .from(projects)
      .leftJoin(signingKeys, eq(signingKeys.projectId, projects.id))
      .where(and(eq(projects.id, projectId), isNull(projects.deletedAt)));
    if (rows.length === 0) throw new AppError('not_found', `No project ${projectId}.`);
    const keys = rows.flatMap(({ kid, publicJwk, activatesAt }) =>
      kid !== null && publicJwk !== null && activatesAt !== null ? [{ kid, publicJwk, activatesAt }] : [],
    );
    if (keys.length > 0) return { keys: keyStates(keys, new Date()).filter(isPublished).map(toPublicJwk) };
    await ensureSigningKey(db, projectId);
  }
  throw new AppError('not_found', `No project ${projectId}.`);
}

export type DashboardSigningKey = KeyRow & KeyState;

/** A project's keys with their states, newest first (the project as getProject found it in the caller's organization). */
export async function listSigningKeys(project: Pick<Project, 'id'>): Promise<DashboardSigningKey[]> {
  const db = await getDb();
  const rows = await db
    .select({
      kid: signingKeys.kid,
      publicJwk: signingKeys.publicJwk,
      activatesAt: signingKeys.activatesAt,
      createdAt: signingKeys.createdAt,
    })
    .from(signingKeys)
    .where(eq(signingKeys.projectId, project.id))
    .orderBy(asc(signingKeys.activatesAt), asc(signingKeys.kid));
  return keyStates(rows, new Date()).reverse();
}

export type RotationResult = {
  projectId: string;
  /** The staged key. */
  kid: string;
  /** When it starts signing (ISO 8601). */
  activatesAt: string;
  /** false: a staged key was already waiting; it is answered and nothing new is made. */
  created: boolean;
};

/**
 * Staged rotation: a new key, published at once, that signs only ACCESS_TOKEN_TTL_SECONDS +
 * JWKS_MAX_AGE_SECONDS from now, so every verifier has fetched it before it is used; the
 * current key signs until then and stays published until its last token expires. While a
 * staged key waits, rotating again answers that key and makes nothing. Under the project's row
 * lock (concurrent rotations take turns); audited.
 */
export async function rotateSigningKey(
  organizationId: string,
  projectId: string,
  actor: AuditActor,
): Promise<RotationResult> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [project] = await tx
      .select({ id: projects.id, name: projects.name })
      .from(projects)
      .where(and(eq(projects.organizationId, organizationId), eq(projects.id, projectId), isNull(projects.deletedAt)))
      .for('update');
    if (!project) throw new AppError('not_found', `No project ${projectId} in this organization.`);
    const now = new Date();
    const keys = await tx
      .select({ kid: signingKeys.kid, activatesAt: signingKeys.activatesAt })
      .from(signingKeys)
      .where(eq(signingKeys.projectId, project.id))
      .orderBy(asc(signingKeys.activatesAt), asc(signingKeys.kid));
    const staged = keyStates(keys, now).find((k) => k.state === 'next');
    if (staged)
      return { projectId: project.id, kid: staged.kid, activatesAt: staged.activatesAt.toISOString(), created: false };
    // A project without a key yet gets its first one (signing now) before the staged one.
    if (keys.length === 0) await insertSigningKey(tx, project.id, now);
    const latest = keys.at(-1)?.activatesAt.getTime() ?? 0;
    const activatesAt = new Date(Math.max(now.getTime() + rotationDelaySeconds() * 1000, latest + 1));
    const key = await insertSigningKey(tx, project.id, activatesAt);
    await recordAudit(tx, organizationId, actor, {
      action: 'signing_key.rotated',
      targetType: 'signing_key',
      targetId: key.kid,
      details: { projectId: project.id, name: project.name, activatesAt: activatesAt.toISOString() },
    });
    return { projectId: project.id, kid: key.kid, activatesAt: activatesAt.toISOString(), created: true };
  });
}

/** The CLI's `keys rotate --project <id>`: rotateSigningKey for a live project of any organization. */
export async function rotateProjectSigningKey(projectId: string): Promise<RotationResult> {
  const db = await getDb();
  const [project] = await db
    .select({ organizationId: projects.organizationId })
    .from(projects)
    .where(and(eq(projects.id, projectId), isNull(projects.deletedAt)));
  if (!project) throw new AppError('not_found', `No project ${projectId}.`);
  return rotateSigningKey(project.organizationId, projectId, COMMAND_LINE);
}

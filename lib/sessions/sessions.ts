// End-user sessions: created by a verified challenge, checked by apps on every page
// load (GET /api/session, GET /api/user), refreshed (POST /api/session/refresh), revoked on
// sign-out.
import { and, eq, isNull } from 'drizzle-orm';
import { issueAccessToken } from '../access-tokens/access-tokens';
import { type ClientCaller, withAuthenticatingStatement } from '../auth/client-token';
import { getDb, type Nullable, queryRows } from '../db/client';
import { type Project, type Session, type SigningKey, sessions, type User } from '../db/schema';
import { AppError } from '../errors';
import { hashToken } from '../tokens';
import type { RefreshedSessionDto, SessionDto, UserDto } from './schemas';
import { REFRESH_SESSION_SQL, SESSION_LOOKUP_SQL, SESSION_USER_LOOKUP_SQL } from './session-statements';

export function sessionStatus(
  session: Pick<Session, 'expiresAt' | 'revokedAt'>,
  now = new Date(),
): SessionDto['status'] {
  if (session.revokedAt) return 'revoked';
  return session.expiresAt > now ? 'active' : 'expired';
}

/**
 * The DTO of a session; `code` is echoed from the caller, since only its hash is stored.
 * Built field by field (the fields of sessionDtoSchema, nothing else): no stored column can
 * leak, and the hot paths do not pay for re-validating what they just built.
 */
export function toSessionDto(
  session: Pick<Session, 'createdAt' | 'updatedAt' | 'expiresAt' | 'revokedAt'>,
  code: string,
): SessionDto {
  return {
    code,
    status: sessionStatus(session),
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  };
}

/** The DTO of a user: the fields of userDtoSchema, nothing else. */
export function toUserDto(user: Pick<User, 'email' | 'userHash' | 'createdAt' | 'updatedAt'>): UserDto {
  return {
    emailAddress: user.email,
    userHash: user.userHash,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

type SessionRow = Nullable<Pick<Session, 'id' | 'projectId' | 'createdAt' | 'updatedAt' | 'expiresAt' | 'revokedAt'>>;
type SessionUserRow = SessionRow &
  Nullable<Pick<User, 'email' | 'userHash'> & { userCreatedAt: User['createdAt']; userUpdatedAt: User['updatedAt'] }>;

/** The session of a code, read by the one statement; a refusal is answered after the usual authentication. */
async function lookup<R extends SessionRow>(caller: ClientCaller, sessionCode: string, withUser: boolean): Promise<R> {
  const codeHash = hashToken(sessionCode);
  const text = withUser ? SESSION_USER_LOOKUP_SQL : SESSION_LOOKUP_SQL;
  return withAuthenticatingStatement(caller, async (projectId, clientToken, origin) => {
    const [row] = await queryRows<R>(text, [projectId, codeHash, clientToken, origin]);
    return row;
  });
}

/** A refusal after the statement authenticated: through authenticate() too, so every answer says the same. */
async function refuse(caller: ClientCaller, error: AppError): Promise<never> {
  await caller.authenticate();
  throw error;
}

function inactive(status: SessionDto['status']): AppError {
  return new AppError('session_inactive', `The session is ${status}. Send a new challenge to sign the user in again.`);
}

function unknownSession(): AppError {
  return new AppError('not_found', 'No such session in this project.');
}

/** GET /api/session: the session's status (200 also when expired or revoked). */
export async function getSession(caller: ClientCaller, sessionCode: string): Promise<SessionDto> {
  const { createdAt, updatedAt, expiresAt, revokedAt } = await lookup<SessionRow>(caller, sessionCode, false);
  if (createdAt === null || updatedAt === null || expiresAt === null) return refuse(caller, unknownSession());
  return toSessionDto({ createdAt, updatedAt, expiresAt, revokedAt }, sessionCode);
}

/** GET /api/user: the signed-in user; 403 when the session has expired or was revoked. */
export async function getSessionUser(caller: ClientCaller, sessionCode: string): Promise<UserDto> {
  const row = await lookup<SessionUserRow>(caller, sessionCode, true);
  const { expiresAt, revokedAt, email, userHash, userCreatedAt, userUpdatedAt } = row;
  if (expiresAt === null || email === null || userHash === null || userCreatedAt === null || userUpdatedAt === null)
    return refuse(caller, unknownSession());
  const status = sessionStatus({ expiresAt, revokedAt });
  if (status !== 'active') return refuse(caller, inactive(status));
  return toUserDto({ email, userHash, createdAt: userCreatedAt, updatedAt: userUpdatedAt });
}

type RefreshRow = { projectId: Project['id']; signingKid: SigningKey['kid'] | null } & Nullable<
  Pick<Session, 'id' | 'createdAt' | 'updatedAt' | 'expiresAt' | 'revokedAt'> &
    Pick<User, 'email' | 'userHash'> & {
      priorId: Session['id'];
      priorExpiresAt: Session['expiresAt'];
      priorRevokedAt: Session['revokedAt'];
    }
>;

/**
 * POST /api/session/refresh: for an active session, one statement moves `expiresAt` on (with
 * the project's sessionIdleSeconds: to now + idle, never beyond createdAt +
 * sessionValidSeconds; without: not at all), then a new access token is signed. Expired or
 * revoked: 403 session_inactive; unknown: 404.
 */
export async function refreshSession(caller: ClientCaller, sessionCode: string): Promise<RefreshedSessionDto> {
  const codeHash = hashToken(sessionCode);
  const now = new Date();
  const row = await withAuthenticatingStatement(caller, async (projectId, clientToken, origin) => {
    const [found] = await queryRows<RefreshRow>(REFRESH_SESSION_SQL, [projectId, codeHash, clientToken, origin, now]);
    return found;
  });
  const { id, createdAt, updatedAt, expiresAt, revokedAt, email, userHash } = row;
  if (id === null || createdAt === null || updatedAt === null || expiresAt === null) {
    if (row.priorId === null || row.priorExpiresAt === null) return refuse(caller, unknownSession());
    const status = sessionStatus({ expiresAt: row.priorExpiresAt, revokedAt: row.priorRevokedAt }, now);
    // (active in the statement's snapshot, yet not refreshed: signed out in the meantime)
    return refuse(caller, inactive(status === 'active' ? 'revoked' : status));
  }
  if (email === null || userHash === null) throw new Error('refresh: a session without its user');
  const token = await issueAccessToken({
    projectId: row.projectId,
    kid: row.signingKid,
    sessionId: id,
    userHash,
    email,
    sessionExpiresAt: expiresAt,
    now,
  });
  return {
    status: 'active',
    session: toSessionDto({ createdAt, updatedAt, expiresAt, revokedAt }, sessionCode),
    ...token,
  };
}

/** DELETE /api/session: sign-out. Revoking a session twice is not an error. */
export async function revokeSession(caller: ClientCaller, sessionCode: string): Promise<void> {
  const { id, projectId, revokedAt } = await lookup<SessionRow>(caller, sessionCode, false);
  if (id === null || projectId === null) return refuse(caller, unknownSession());
  if (revokedAt !== null) return;
  const db = await getDb();
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, id), eq(sessions.projectId, projectId), isNull(sessions.revokedAt)));
}

// End-user sessions: created by a verified challenge, checked by apps on every page
// load (GET /api/session, GET /api/user), revoked on sign-out.
import { and, eq } from 'drizzle-orm';
import { getDb, queryRows } from '../db/client';
import { type Project, type Session, sessions, type User, users } from '../db/schema';
import { AppError } from '../errors';
import { hashToken } from '../tokens';
import type { SessionDto, UserDto } from './schemas';

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

/** The hot read paths' one statement: the live project, and the session of a code in it. */
export const SESSION_LOOKUP_SQL = `select p.client_token, p.allowed_origin,
    s.created_at, s.updated_at, s.expires_at, s.revoked_at
  from projects p left join sessions s on s.code_hash = $2 and s.project_id = p.id
  where p.id = $1 and p.deleted_at is null`;

/** The same with the session's user (GET /api/user). */
export const SESSION_USER_LOOKUP_SQL = `select p.client_token, p.allowed_origin,
    s.created_at, s.updated_at, s.expires_at, s.revoked_at,
    u.email, u.user_hash, u.created_at as user_created_at, u.updated_at as user_updated_at
  from projects p left join sessions s on s.code_hash = $2 and s.project_id = p.id
  left join users u on u.id = s.user_id
  where p.id = $1 and p.deleted_at is null`;

export type SessionLookupRow = {
  client_token: string;
  allowed_origin: string;
  created_at: Date | null;
  updated_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  email?: string | null;
  user_hash?: string | null;
  user_created_at?: Date | null;
  user_updated_at?: Date | null;
};

/**
 * One indexed lookup for GET /api/session and /api/user: the project (to authenticate the
 * client token and origin) with the session of `sessionCode` and, when asked, its user.
 * No row: no live project of that id. A row without created_at: no such session.
 */
export async function lookupSession(
  projectId: string,
  sessionCode: string,
  withUser: boolean,
): Promise<SessionLookupRow | undefined> {
  const [row] = await queryRows<SessionLookupRow>(withUser ? SESSION_USER_LOOKUP_SQL : SESSION_LOOKUP_SQL, [
    projectId,
    hashToken(sessionCode),
  ]);
  return row;
}

/** GET /api/session's answer from a found lookup row. */
export function sessionDtoOf(row: SessionLookupRow, code: string): SessionDto {
  if (!row.created_at || !row.updated_at || !row.expires_at) throw unknownSession();
  return toSessionDto(
    { createdAt: row.created_at, updatedAt: row.updated_at, expiresAt: row.expires_at, revokedAt: row.revoked_at },
    code,
  );
}

/** GET /api/user's answer from a found lookup row; 403 when the session is not active. */
export function userDtoOf(row: SessionLookupRow): UserDto {
  if (!row.expires_at || !row.email || !row.user_hash || !row.user_created_at || !row.user_updated_at)
    throw unknownSession();
  const status = sessionStatus({ expiresAt: row.expires_at, revokedAt: row.revoked_at });
  if (status !== 'active') throw inactive(status);
  return toUserDto({
    email: row.email,
    userHash: row.user_hash,
    createdAt: row.user_created_at,
    updatedAt: row.user_updated_at,
  });
}

function inactive(status: SessionDto['status']): AppError {
  return new AppError('session_inactive', `The session is ${status}. Send a new challenge to sign the user in again.`);
}

function unknownSession(): AppError {
  return new AppError('not_found', 'No such session in this project.');
}

/** The session of a code within a project, with its user (one indexed lookup). */
async function findSession(project: Project, sessionCode: string): Promise<{ session: Session; user: User }> {
  const db = await getDb();
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.codeHash, hashToken(sessionCode)), eq(sessions.projectId, project.id)));
  if (!row) throw unknownSession();
  return row;
}

export async function getSession(project: Project, sessionCode: string): Promise<SessionDto> {
  const { session } = await findSession(project, sessionCode);
  return toSessionDto(session, sessionCode);
}

/** The signed-in user; 403 when the session has expired or was revoked. */
export async function getSessionUser(project: Project, sessionCode: string): Promise<UserDto> {
  const { session, user } = await findSession(project, sessionCode);
  const status = sessionStatus(session);
  if (status !== 'active') throw inactive(status);
  return toUserDto(user);
}

/** Sign-out. Revoking a session twice is not an error. */
export async function revokeSession(project: Project, sessionCode: string): Promise<void> {
  const db = await getDb();
  const codeHash = hashToken(sessionCode);
  const [row] = await db
    .select({ id: sessions.id, revokedAt: sessions.revokedAt })
    .from(sessions)
    .where(and(eq(sessions.codeHash, codeHash), eq(sessions.projectId, project.id)));
  if (!row) throw unknownSession();
  if (!row.revokedAt)
    await db
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.id, row.id), eq(sessions.projectId, project.id)));
}

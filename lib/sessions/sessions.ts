// End-user sessions: created by a verified challenge, checked by apps on every page
// load (GET /api/session, GET /api/user), revoked on sign-out.
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { sessions, users, type Project, type Session, type User } from '../db/schema';
import { AppError } from '../errors';
import { hashToken } from '../tokens';
import { sessionDtoSchema, userDtoSchema, type SessionDto, type UserDto } from './schemas';

export function sessionStatus(session: Pick<Session, 'expiresAt' | 'revokedAt'>, now = new Date()): SessionDto['status'] {
  if (session.revokedAt) return 'revoked';
  return session.expiresAt > now ? 'active' : 'expired';
}

/** The DTO of a session; `code` is echoed from the caller, since only its hash is stored. */
export function toSessionDto(session: Session, code: string): SessionDto {
  return sessionDtoSchema.parse({
    code,
    status: sessionStatus(session),
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  });
}

export function toUserDto(user: User): UserDto {
  return userDtoSchema.parse({
    emailAddress: user.email,
    userHash: user.userHash,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  });
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
  if (status !== 'active') throw new AppError('session_inactive', `The session is ${status}. Send a new challenge to sign the user in again.`);
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

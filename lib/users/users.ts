// A project's end users and their sessions, managed by the organization: the REST admin API
// (secret key) and the dashboard's Users tab. Every function first resolves the project within
// the organization (getProject), so another organization's project — and with it its users and
// sessions — is "not found"; a user is named by its userHash, a session by its id. Changes are
// audited with the caller as actor, in the change's transaction.
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../audit/record';
import { getDb } from '../db/client';
import { type Project, type Session, sessions, type User, users } from '../db/schema';
import { AppError } from '../errors';
import { invalidCursor, MAX_PAGE_SIZE, type Page, type PageQuery, pageOf } from '../http/pagination';
import { getProject } from '../projects/projects';
import { sessionStatus } from '../sessions/sessions';
import type { ProjectUserDto, UserSessionDto } from './schemas';

/** A user as the admin API answers it: the fields of projectUserDtoSchema, nothing else. */
export function toProjectUserDto(user: Pick<User, 'email' | 'userHash' | 'createdAt' | 'updatedAt' | 'lastSignInAt'>) {
  return {
    userHash: user.userHash,
    emailAddress: user.email,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    lastSignInAt: user.lastSignInAt.toISOString(),
  } satisfies ProjectUserDto;
}

/** A session as the admin API answers it (its id, never a code). */
export function toUserSessionDto(
  session: Pick<Session, 'id' | 'createdAt' | 'updatedAt' | 'expiresAt' | 'revokedAt'>,
): UserSessionDto {
  return {
    id: session.id,
    status: sessionStatus(session),
    createdAt: session.createdAt.toISOString(),
    updatedAt: session.updatedAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
    revokedAt: session.revokedAt?.toISOString() ?? null,
  };
}

function userNotFound(userHash: string): AppError {
  return new AppError('not_found', `No user ${userHash} in this project.`);
}

/** The user of a userHash in the project (looked up by the (project, userHash) index). */
async function findUser(project: Pick<Project, 'id'>, userHash: string): Promise<User> {
  const db = await getDb();
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.projectId, project.id), eq(users.userHash, userHash)))
    .limit(1);
  if (!user) throw userNotFound(userHash);
  return user;
}

/**
 * A page of the project's users, oldest first (createdAt, then id: an order sign-ins do not
 * change, so a walk through the pages sees every user once); with `email`, only that address's.
 */
export async function listUsers(
  organizationId: string,
  projectId: string,
  query: PageQuery & { email?: string | undefined } = { limit: MAX_PAGE_SIZE },
): Promise<Page<User>> {
  const project = await getProject(organizationId, projectId);
  const db = await getDb();
  let after: SQL | undefined;
  if (query.cursor !== undefined) {
    // the cursor must name a user of this project
    const [mark] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.projectId, project.id), eq(users.id, query.cursor)));
    if (!mark) throw invalidCursor();
    // compared in SQL: created_at has microseconds, a JS Date only milliseconds
    after = sql`(${users.createdAt}, ${users.id}) > (select m.created_at, m.id from users m where m.id = ${mark.id})`;
  }
  const rows = await db
    .select()
    .from(users)
    .where(
      and(eq(users.projectId, project.id), query.email === undefined ? undefined : eq(users.email, query.email), after),
    )
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(query.limit + 1);
  return pageOf(rows, query.limit);
}

/** One user of the project, by userHash. */
export async function getUser(organizationId: string, projectId: string, userHash: string): Promise<User> {
  return findUser(await getProject(organizationId, projectId), userHash);
}

/**
 * Deletes a user and, with it, every session of theirs: their session codes answer 404 at
 * once. A later sign-in of the address makes a new user, with the same userHash.
 */
export async function deleteUser(
  organizationId: string,
  projectId: string,
  userHash: string,
  actor: AuditActor,
): Promise<void> {
  const project = await getProject(organizationId, projectId);
  const db = await getDb();
  await db.transaction(async (tx) => {
    // sessions go with their user (on delete cascade)
    const deleted = await tx
      .delete(users)
      .where(and(eq(users.projectId, project.id), eq(users.userHash, userHash)))
      .returning({ id: users.id });
    if (deleted.length === 0) throw userNotFound(userHash);
    await recordAudit(tx, organizationId, actor, {
      action: 'user.deleted',
      targetType: 'user',
      targetId: userHash,
      details: { projectId: project.id },
    });
  });
}

/** A page of a user's sessions, oldest first (createdAt, then id); expired and revoked ones included. */
export async function listUserSessions(
  organizationId: string,
  projectId: string,
  userHash: string,
  page: PageQuery = { limit: MAX_PAGE_SIZE },
): Promise<Page<Session>> {
  const user = await findUser(await getProject(organizationId, projectId), userHash);
  const db = await getDb();
  let after: SQL | undefined;
  if (page.cursor !== undefined) {
    // the cursor must name a session of this user
    const [mark] = await db
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.userId, user.id), eq(sessions.id, page.cursor)));
    if (!mark) throw invalidCursor();
    after = sql`(${sessions.createdAt}, ${sessions.id}) > (select m.created_at, m.id from sessions m where m.id = ${mark.id})`;
  }
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.projectId, user.projectId), eq(sessions.userId, user.id), after))
    .orderBy(asc(sessions.createdAt), asc(sessions.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit);
}

/**
 * Revokes every session of a user that is not revoked yet (the app's next session check says
 * `revoked`). Returns how many were revoked; a user without active sessions is not an error.
 */
export async function revokeUserSessions(
  organizationId: string,
  projectId: string,
  userHash: string,
  actor: AuditActor,
): Promise<number> {
  const user = await findUser(await getProject(organizationId, projectId), userHash);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.projectId, user.projectId), eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    await recordAudit(tx, organizationId, actor, {
      action: 'user.sessions_revoked',
      targetType: 'user',
      targetId: userHash,
      details: { projectId: user.projectId, revoked: revoked.length },
    });
    return revoked.length;
  });
}

/** Revokes one session of a project's user (the app's next GET /api/session says revoked). */
export async function revokeUserSession(
  organizationId: string,
  projectId: string,
  sessionId: string,
  actor: AuditActor,
): Promise<void> {
  const project = await getProject(organizationId, projectId);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: sessions.id })
      .from(sessions)
      .where(and(eq(sessions.projectId, project.id), eq(sessions.id, sessionId)));
    if (!row) throw new AppError('not_found', 'No such session in this project.');
    await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.projectId, project.id), eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
    await recordAudit(tx, organizationId, actor, {
      action: 'session.revoked',
      targetType: 'session',
      targetId: sessionId,
      details: { projectId: project.id },
    });
  });
}

// A project's end users and their sessions, as the dashboard's Users tab lists them, for the
// project the page already loaded within the organization. Revoking a session is
// lib/users/users.ts's revokeUserSession, shared with the REST admin API.
import { and, asc, count, desc, eq, ilike, inArray, lte, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { type Project, type Session, sessions, type User, users } from '../db/schema';
import { sessionStatus } from '../sessions/sessions';

export const USERS_PAGE_SIZE = 20;
const SESSIONS_PER_USER = 10;

export type DashboardSession = Pick<Session, 'id' | 'createdAt' | 'expiresAt' | 'revokedAt'> & {
  status: 'active' | 'expired' | 'revoked';
};
export type DashboardUser = Pick<User, 'id' | 'email' | 'userHash' | 'createdAt' | 'lastSignInAt'> & {
  sessions: DashboardSession[];
};
export type UsersPage = { users: DashboardUser[]; total: number; page: number; pageCount: number; search: string };

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page of a project's users (the project as getProject found it in the caller's organization). */
export async function listProjectUsers(
  project: Pick<Project, 'id'>,
  options: { search?: string; page?: number } = {},
): Promise<UsersPage> {
  const db = await getDb();
  const search = (options.search ?? '').trim().toLowerCase().slice(0, 254);
  const where = search
    ? and(eq(users.projectId, project.id), ilike(users.email, likePattern(search)))
    : eq(users.projectId, project.id);
  const [counted] = await db.select({ total: count() }).from(users).where(where);
  const total = counted?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pageCount);
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      userHash: users.userHash,
      createdAt: users.createdAt,
      lastSignInAt: users.lastSignInAt,
    })
    .from(users)
    .where(where)
    .orderBy(desc(users.lastSignInAt), asc(users.id))
    .limit(USERS_PAGE_SIZE)
    .offset((page - 1) * USERS_PAGE_SIZE);

  // The newest SESSIONS_PER_USER sessions of each listed user, cut in SQL (a row_number
  // window), so a user with thousands of sessions costs no more than one with ten.
  const ranked = db
    .select({
      id: sessions.id,
      userId: sessions.userId,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
      revokedAt: sessions.revokedAt,
      rank: sql<number>`row_number() over (partition by ${sessions.userId} order by ${sessions.createdAt} desc, ${sessions.id} desc)`.as(
        'rank',
      ),
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.projectId, project.id),
        inArray(
          sessions.userId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .as('ranked');
  const sessionRows = rows.length
    ? await db
        .select({
          id: ranked.id,
          userId: ranked.userId,
          createdAt: ranked.createdAt,
          expiresAt: ranked.expiresAt,
          revokedAt: ranked.revokedAt,
        })
        .from(ranked)
        .where(lte(ranked.rank, SESSIONS_PER_USER))
        .orderBy(desc(ranked.createdAt), desc(ranked.id))
    : [];
  const now = new Date();
  const byUser = new Map<string, DashboardSession[]>();
  for (const { userId, ...session } of sessionRows) {
    const list = byUser.get(userId) ?? [];
    list.push({ ...session, status: sessionStatus(session, now) });
    byUser.set(userId, list);
  }
  return {
    users: rows.map((user) => ({ ...user, sessions: byUser.get(user.id) ?? [] })),
    total,
    page,
    pageCount,
    search,
  };
}

// POST /api/challenge/verify: trade a challenge code for a session, once.
// Single use holds under concurrency: one UPDATE … WHERE used_at IS NULL claims the
// row, and the row lock makes every concurrent claim after the first find nothing.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb, transaction } from '../db/client';
import { challenges, sessions, users, workflowSessions, type Project } from '../db/schema';
import { AppError } from '../errors';
import { toSessionDto, toUserDto } from '../sessions/sessions';
import type { SessionDto, UserDto } from '../sessions/schemas';
import { computeUserHash, hashToken, newSessionCode } from '../tokens';

export type VerifiedChallenge = { status: 'verified'; session: SessionDto; user: UserDto };

/**
 * Verify's hot path in one transaction of two statements: claim the code — only for a live
 * project whose client token (and allowedOrigin, for a browser call) match, so a request that
 * does not authenticate consumes nothing — then upsert the user and insert the session.
 */
export const CLAIM_SQL = `update challenges c set used_at = $4, updated_at = $4
  from projects p
  where p.id = $1 and p.client_token = $2 and p.deleted_at is null and ($5::text is null or p.allowed_origin = $5)
    and c.code_hash = $3 and c.project_id = p.id
    and c.used_at is null and c.failed_at is null and c.expires_at > $4
  returning c.email, c.workflow_session_id, p.user_hash_key, p.session_valid_seconds`;

export const COMPLETE_WORKFLOW_SQL = `update workflow_sessions set completed_at = $2, updated_at = $2
  where id = $1 and completed_at is null returning id`;

export const SIGN_IN_SQL = `with u as (
    insert into users (project_id, email, user_hash, last_sign_in_at) values ($1, $2, $3, $4)
    on conflict (project_id, email) do update set last_sign_in_at = excluded.last_sign_in_at, updated_at = now()
    returning id, email, user_hash, created_at, updated_at),
  s as (
    insert into sessions (project_id, user_id, code_hash, created_at, updated_at, expires_at)
    select $1, u.id, $5, $4, $4, $6 from u
    returning created_at, updated_at, expires_at, revoked_at)
  select u.email, u.user_hash, u.created_at as user_created_at, u.updated_at as user_updated_at,
    s.created_at, s.updated_at, s.expires_at, s.revoked_at from u, s`;

type ClaimRow = { email: string; workflow_session_id: string | null; user_hash_key: string; session_valid_seconds: number };
type SignInRow = {
  email: string;
  user_hash: string;
  user_created_at: Date;
  user_updated_at: Date;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
};

/**
 * The hot path of POST /api/challenge/verify. null: nothing was claimed (unknown, used,
 * expired or failed code, or a request that does not authenticate) — the caller then takes
 * the general path, which tells these apart exactly as before. An AppError: claimed, but its
 * hosted-login session was already completed (rolled back, as in verifyChallenge).
 */
export async function verifyChallengeFast(input: {
  projectId: string;
  clientToken: string;
  origin: string | null;
  challengeCode: string;
}): Promise<VerifiedChallenge | AppError | null> {
  const now = new Date();
  const codeHash = hashToken(input.challengeCode);
  try {
    return await transaction(async (query) => {
      const [claimed] = await query<ClaimRow>(CLAIM_SQL, [input.projectId, input.clientToken, codeHash, now, input.origin]);
      if (!claimed) return null;
      if (claimed.workflow_session_id) {
        const completed = await query(COMPLETE_WORKFLOW_SQL, [claimed.workflow_session_id, now]);
        if (completed.length === 0) throw new AppError('challenge_used', 'This sign-in has already been completed.');
      }
      const sessionCode = newSessionCode();
      const [row] = await query<SignInRow>(SIGN_IN_SQL, [
        input.projectId,
        claimed.email,
        computeUserHash(claimed.user_hash_key, claimed.email),
        now,
        hashToken(sessionCode),
        new Date(now.getTime() + claimed.session_valid_seconds * 1000),
      ]);
      if (!row) throw new Error('upsert into users / insert into sessions returned no row');
      return {
        status: 'verified' as const,
        session: toSessionDto(
          { createdAt: row.created_at, updatedAt: row.updated_at, expiresAt: row.expires_at, revokedAt: row.revoked_at },
          sessionCode,
        ),
        user: toUserDto({ email: row.email, userHash: row.user_hash, createdAt: row.user_created_at, updatedAt: row.user_updated_at }),
      };
    });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
}

export async function verifyChallenge(project: Project, challengeCode: string): Promise<VerifiedChallenge> {
  const db = await getDb();
  const codeHash = hashToken(challengeCode);
  const now = new Date();

  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(challenges)
      .set({ usedAt: now })
      .where(
        and(
          eq(challenges.codeHash, codeHash),
          eq(challenges.projectId, project.id),
          isNull(challenges.usedAt),
          isNull(challenges.failedAt),
          gt(challenges.expiresAt, now),
        ),
      )
      .returning({ email: challenges.email, workflowSessionId: challenges.workflowSessionId });

    if (!claimed) {
      const [existing] = await tx
        .select({ usedAt: challenges.usedAt, failedAt: challenges.failedAt, expiresAt: challenges.expiresAt })
        .from(challenges)
        .where(and(eq(challenges.codeHash, codeHash), eq(challenges.projectId, project.id)));
      if (!existing || existing.failedAt) throw new AppError('not_found', 'Unknown challenge code for this project.');
      if (existing.usedAt) throw new AppError('challenge_used', 'This challenge code has already been used.');
      throw new AppError('challenge_expired', 'This challenge code has expired. Send a new challenge.');
    }

    // A sign-in through the hosted page completes its workflow session.
    // It completes once: a second link of an already completed session signs nobody in
    // (throwing rolls the claim back; the code stays unusable with its session).
    if (claimed.workflowSessionId) {
      const completed = await tx
        .update(workflowSessions)
        .set({ completedAt: now })
        .where(and(eq(workflowSessions.id, claimed.workflowSessionId), isNull(workflowSessions.completedAt)))
        .returning({ id: workflowSessions.id });
      if (completed.length === 0) throw new AppError('challenge_used', 'This sign-in has already been completed.');
    }

    const [user] = await tx
      .insert(users)
      .values({
        projectId: project.id,
        email: claimed.email,
        userHash: computeUserHash(project.userHashKey, claimed.email),
        lastSignInAt: now,
      })
      .onConflictDoUpdate({
        target: [users.projectId, users.email],
        set: { lastSignInAt: now, updatedAt: sql`now()` },
      })
      .returning();
    if (!user) throw new Error('upsert into users returned no row');

    const sessionCode = newSessionCode();
    const [session] = await tx
      .insert(sessions)
      .values({
        projectId: project.id,
        userId: user.id,
        codeHash: hashToken(sessionCode),
        createdAt: now,
        updatedAt: now,
        expiresAt: new Date(now.getTime() + project.sessionValidSeconds * 1000),
      })
      .returning();
    if (!session) throw new Error('insert into sessions returned no row');

    return { status: 'verified', session: toSessionDto(session, sessionCode), user: toUserDto(user) };
  });
}

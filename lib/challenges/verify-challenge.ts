// POST /api/challenge/verify: trade a challenge code for a session, once.
// Single use holds under concurrency: one UPDATE … WHERE used_at IS NULL claims the
// row, and the row lock makes every concurrent claim after the first find nothing.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { challenges, sessions, users, workflowSessions, type Project } from '../db/schema';
import { AppError } from '../errors';
import { toSessionDto, toUserDto } from '../sessions/sessions';
import type { SessionDto, UserDto } from '../sessions/schemas';
import { computeUserHash, hashToken, newSessionCode } from '../tokens';

export type VerifiedChallenge = { status: 'verified'; session: SessionDto; user: UserDto };

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

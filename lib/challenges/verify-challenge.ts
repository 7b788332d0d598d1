// POST /api/challenge/verify (and the dashboard's sign-in): trade a challenge code for a
// session, once. The success path is one SQL statement; only when it signs nobody in does
// a diagnosis run, to answer why.
import { and, eq } from 'drizzle-orm';
import { type IssuedAccessToken, issueAccessToken } from '../access-tokens/access-tokens';
import type { ClientCaller } from '../auth/client-token';
import { getDb, type Nullable, queryRows } from '../db/client';
import {
  type Challenge,
  challenges,
  hostedLogins,
  type Project,
  projects,
  type Session,
  type SigningKey,
  type User,
  users,
  workflows,
} from '../db/schema';
import { AppError } from '../errors';
import { countFailedVerify } from '../rate-limit/limits';
import type { SessionDto, UserDto } from '../sessions/schemas';
import { toSessionDto, toUserDto } from '../sessions/sessions';
import { hashToken, newSessionCode } from '../tokens';
import { isRedirectAllowed } from '../workflows/redirect-rule';
import { VERIFY_SQL } from './verify-statement';

export type VerifiedChallenge = { status: 'verified'; session: SessionDto; user: UserDto } & IssuedAccessToken;

/**
 * Who offers the code: the client credentials as sent, not yet authenticated (the statement
 * authenticates them itself), and the IP its failed attempts are counted at (null counts
 * nothing: the dashboard's own sign-in).
 */
export type VerifyCaller = ClientCaller & { ip: string | null };

type VerifyRow = Pick<Challenge, 'email' | 'projectId'> &
  Nullable<Pick<User, 'userHash'> & { userCreatedAt: User['createdAt']; userUpdatedAt: User['updatedAt'] }> &
  Nullable<Pick<Session, 'createdAt' | 'updatedAt' | 'expiresAt' | 'revokedAt'> & { sessionId: Session['id'] }> & {
    signingKid: SigningKey['kid'] | null;
  };

const alreadyCompleted = () => new AppError('challenge_used', 'This sign-in has already been completed.');

/** Runs VERIFY_SQL. null: nothing claimed; an AppError: claimed, but the hosted-login session was completed first. */
async function claimAndSignIn(projectId: string, clientToken: string, origin: string | null, challengeCode: string) {
  const sessionCode = newSessionCode();
  const now = new Date();
  const [row] = await queryRows<VerifyRow>(VERIFY_SQL, [
    projectId,
    clientToken,
    origin,
    hashToken(challengeCode),
    now,
    hashToken(sessionCode),
  ]);
  if (!row) return null;
  const { userHash, userCreatedAt, userUpdatedAt, createdAt, updatedAt, expiresAt, revokedAt, sessionId } = row;
  if (userHash === null || userCreatedAt === null || userUpdatedAt === null) return alreadyCompleted();
  if (createdAt === null || updatedAt === null || expiresAt === null || sessionId === null)
    throw new Error('verify: a user without a session');
  const token = await issueAccessToken({
    projectId: row.projectId,
    kid: row.signingKid,
    sessionId,
    userHash,
    email: row.email,
    sessionExpiresAt: expiresAt,
    now,
  });
  return {
    status: 'verified' as const,
    session: toSessionDto({ createdAt, updatedAt, expiresAt, revokedAt }, sessionCode),
    user: toUserDto({ email: row.email, userHash, createdAt: userCreatedAt, updatedAt: userUpdatedAt }),
    ...token,
  };
}

/**
 * Why a code of an authenticated project did not verify, or null when nothing is wrong
 * (anymore: something changed in between, e.g. the user was just created).
 */
async function diagnose(project: Project, challengeCode: string): Promise<AppError | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      challenge: challenges,
      session: hostedLogins,
      workflow: workflows,
      workflowProject: projects,
      userId: users.id,
    })
    .from(challenges)
    .leftJoin(hostedLogins, eq(hostedLogins.id, challenges.hostedLoginId))
    .leftJoin(workflows, eq(workflows.id, hostedLogins.workflowId))
    .leftJoin(projects, eq(projects.id, workflows.projectId))
    .leftJoin(users, and(eq(users.projectId, challenges.projectId), eq(users.email, challenges.email)))
    .where(and(eq(challenges.codeHash, hashToken(challengeCode)), eq(challenges.projectId, project.id)));
  const now = new Date();
  if (!row || row.challenge.failedAt) return new AppError('not_found', 'Unknown challenge code for this project.');
  const { challenge, session, workflow, workflowProject } = row;
  if (challenge.usedAt) return new AppError('challenge_used', 'This challenge code has already been used.');
  if (challenge.expiresAt <= now)
    return new AppError('challenge_expired', 'This challenge code has expired. Send a new challenge.');

  if (challenge.hostedLoginId !== null) {
    // (a purged hosted login expired long ago)
    if (!session)
      return new AppError('hosted_login_expired', 'This hosted sign-in has expired. Start again from the app.');
    if (session.completedAt) return alreadyCompleted();
    if (!workflow || workflow.deletedAt)
      return new AppError('workflow_invalid', 'The workflow of this hosted sign-in has been deleted.');
    if (!workflowProject || workflowProject.deletedAt || workflowProject.id !== project.id)
      return new AppError(
        'workflow_dependency_failed',
        "The project of this hosted sign-in's workflow no longer exists.",
      );
    if (session.expiresAt <= now)
      return new AppError('hosted_login_expired', 'This hosted sign-in has expired. Start again from the app.');
    if (!isRedirectAllowed(project, workflow.clientRedirectUrl))
      return new AppError(
        'workflow_dependency_failed',
        "This hosted sign-in's workflow redirects outside the origins of the project's allowedOrigins and redirectUrls: update the workflow or the project.",
      );
  }

  if ((!project.allowSignUp || challenge.existingUserOnly) && row.userId === null) {
    return new AppError(
      'sign_up_disabled',
      'Only existing users of this project can sign in; this address is not one.',
    );
  }
  return null;
}

/** The dashboard's own sign-in passes its project (already trusted; no Origin, nothing counted). */
function callerOf(project: Project): VerifyCaller {
  return {
    projectId: project.id,
    clientToken: project.clientToken,
    origin: null,
    ip: null,
    authenticate: async () => project,
  };
}

/**
 * Verifies a challenge code: on success one statement (VERIFY_SQL). Otherwise the request is
 * authenticated the usual way, then the diagnosis names the refusal: unknown or failed code
 * 404, used 409, expired 410, hosted login expired 410 / workflow deleted 409 / workflow
 * misconfigured or its project gone 424 / already completed 409, sign-up not allowed 403.
 * Each refusal counts against RATE_LIMIT_VERIFY_PER_IP for (project, IP); once that is full
 * the refusal is answered 429 instead. Successes are never counted nor refused.
 */
export async function verifyChallenge(
  client: VerifyCaller | Project,
  challengeCode: string,
): Promise<VerifiedChallenge> {
  const caller = 'authenticate' in client ? client : callerOf(client);
  for (let attempt = 0; attempt < 2; attempt++) {
    const outcome =
      caller.projectId && caller.clientToken
        ? await claimAndSignIn(caller.projectId, caller.clientToken, caller.origin, challengeCode)
        : null;
    if (outcome && !(outcome instanceof AppError)) return outcome;
    const project = await caller.authenticate();
    const refusal = outcome ?? (await diagnose(project, challengeCode));
    if (refusal) {
      if (caller.ip !== null) await countFailedVerify({ projectId: project.id, ip: caller.ip });
      throw refusal;
    }
    // nothing wrong any more (the state changed between statement and diagnosis): once more
  }
  throw new Error('verify: the statement claimed nothing twice, and the diagnosis found no reason');
}

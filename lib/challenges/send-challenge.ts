// Email a magic link: POST /api/challenge/send, the hosted login page and the dashboard's
// own sign-in all come here. The challenge and its email are recorded by one statement and
// then delivered (lib/mail/send-mail.ts), the same for every transport. The link opens the landing page (app/l/[code]); Continue
// there redirects to one of the project's redirectUrls with the code. This is also where the send
// limits are counted (for an end user's request) and the sign-up policies applied, so that
// REST and the hosted page behave alike.
import { and, eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { type Project, users } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { deliverEmail, recordEmail } from '../mail/send-mail';
import { renderEmail } from '../mail/template';
import { enforceSendLimits } from '../rate-limit/limits';
import { computeUserHash, hashToken, newChallengeCode } from '../tokens';
import { recordSendDuration, waitLikeASend } from './send-timing';

/** The end user a link is sent for: who the send limits count. */
export type EndUser = {
  /** Normalized client address (lib/http/client-ip.ts), or the one a secret-key caller named. */
  ip: string;
};

export type SendChallengeOptions = {
  project: Project;
  /** Already normalized (trimmed, lower-cased). */
  emailAddress: string;
  state?: string | undefined;
  /** Where Continue leads when a workflow says so (the hosted page: its clientRedirectUrl). */
  redirectUrl?: string;
  /**
   * Where the app asks Continue to lead (REST send, already normalized by redirectUrlSchema):
   * it must be one of the project's redirectUrls, else 400 validation_failed on `redirectUrl`.
   * Neither this nor `redirectUrl`: the project's first redirect URL.
   */
  requestedRedirectUrl?: string | undefined;
  /** The hosted login this was sent from (completed by verify). */
  hostedLoginId?: string;
  /**
   * Only addresses that already are users of the project get an email (the hosted `sign_in`
   * policy); the challenge is stored so, and verify creates no user from it. A project with
   * allowSignUp=false mails only its users too. Either way a stranger gets the same answer,
   * as late as a real send, and no email.
   */
  existingUserOnly?: boolean;
  /**
   * The end user's request (REST send, hosted page): its IP, the address and the project's
   * organization are counted against RATE_LIMIT_SEND_* before any policy decides, so a limit
   * cannot tell users from strangers. Omitted only by UAuth's own dashboard sign-in, which
   * counts RATE_LIMIT_SIGN_IN_* itself.
   */
  endUser?: EndUser;
  /** performance.now() when the request arrived: real sends are timed, and strangers padded, from here. */
  requestStartedAt: number;
};

export function landingUrl(code: string): string {
  return `${getEnv().APP_URL}/l/${code}`;
}

/** Where Continue leads for a send that names no workflow target: the URL asked for, which must be listed, else the first. */
function continueTarget(project: Pick<Project, 'redirectUrls'>, requested: string | undefined): string {
  if (requested === undefined) {
    const [first] = project.redirectUrls;
    if (first === undefined) throw new Error('a project without redirect URLs');
    return first;
  }
  if (project.redirectUrls.includes(requested)) return requested;
  const message = "must be one of the project's redirectUrls";
  throw new AppError('validation_failed', `Invalid request: redirectUrl: ${message}`, {
    errors: [{ path: 'redirectUrl', message }],
  });
}

export async function sendChallenge(options: SendChallengeOptions): Promise<{ expiresAt: Date }> {
  const { project, emailAddress, endUser, requestStartedAt: startedAt } = options;
  // checked before anything is counted: a refused request counts nothing
  const redirectUrl = options.redirectUrl ?? continueTarget(project, options.requestedRedirectUrl);
  const env = getEnv();
  const expiresAt = new Date(Date.now() + env.CHALLENGE_TTL_SECONDS * 1000);
  if (endUser) {
    await enforceSendLimits({
      organizationId: project.organizationId,
      projectId: project.id,
      email: emailAddress,
      ip: endUser.ip,
    });
  }
  const existingUserOnly = options.existingUserOnly === true;
  if ((existingUserOnly || !project.allowSignUp) && !(await isUserOf(project.id, emailAddress))) {
    await waitLikeASend(startedAt);
    return { expiresAt };
  }

  const code = newChallengeCode();
  const email = renderEmail(
    { subject: project.emailSubject, html: project.emailTemplate },
    {
      link: landingUrl(code),
      projectName: project.name,
      emailAddress,
      expiresInMinutes: String(Math.max(1, Math.round(env.CHALLENGE_TTL_SECONDS / 60))),
      logoUrl: project.logoUrl ?? '',
    },
  );
  const outgoing = { organizationId: project.organizationId, projectId: project.id, to: emailAddress, ...email };
  const recorded = await recordEmail(outgoing, {
    projectId: project.id,
    email: emailAddress,
    codeHash: hashToken(code),
    state: options.state ?? null,
    redirectUrl,
    hostedLoginId: options.hostedLoginId ?? null,
    expiresAt,
    existingUserOnly,
    userHash: computeUserHash(project.userHashKey, emailAddress),
  });
  await deliverEmail(recorded, outgoing);
  recordSendDuration(performance.now() - startedAt);
  return { expiresAt };
}

async function isUserOf(projectId: string, emailAddress: string): Promise<boolean> {
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.projectId, projectId), eq(users.email, emailAddress)))
    .limit(1);
  return user !== undefined;
}

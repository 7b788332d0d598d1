// Email a magic link: POST /api/challenge/send, the hosted login page and the dashboard's
// own sign-in all come here. The link opens the landing page (app/l/[code]); Continue
// there redirects to the project's redirectUrl with the code. This is also where the send
// limits are counted (for an end user's request) and the sign-up policies applied, so that
// REST and the hosted page behave alike.
import { and, eq } from 'drizzle-orm';
import { getDb, queryRows } from '../db/client';
import { challenges, type Project, users } from '../db/schema';
import { getEnv } from '../env';
import { log } from '../log';
import { sealedOutboxContent, sendMail } from '../mail/send-mail';
import { renderEmail } from '../mail/template';
import { enforceSendLimits } from '../rate-limit/limits';
import { hashToken, newChallengeCode } from '../tokens';
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
  /** Where Continue leads; the project's redirectUrl unless a workflow says otherwise. */
  redirectUrl?: string;
  /** The hosted-login session this was sent from (completed by verify). */
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

/**
 * With the outbox transport, "sending" is storing: the challenge and its (sealed) message
 * are inserted by one statement, so neither exists without the other.
 */
export const SEND_OUTBOX_SQL = `with c as (
    insert into challenges (project_id, email, code_hash, state, redirect_url, hosted_login_id, expires_at, existing_user_only)
    values ($1, $2, $3, $4, $5, $6, $7, $11) returning id)
  insert into email_messages (organization_id, project_id, to_address, subject, transport, status, sealed_content)
  select $8, $1, $2, $9, 'outbox', 'stored', $10 from c returning id`;

export async function sendChallenge(options: SendChallengeOptions): Promise<{ expiresAt: Date }> {
  const { project, emailAddress, endUser, requestStartedAt: startedAt } = options;
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
  const render = () =>
    renderEmail(
      { subject: project.emailSubject, html: project.emailTemplate },
      {
        link: landingUrl(code),
        projectName: project.name,
        emailAddress,
        expiresInMinutes: String(Math.max(1, Math.round(env.CHALLENGE_TTL_SECONDS / 60))),
        logoUrl: project.logoUrl ?? '',
      },
    );

  if (env.MAIL_TRANSPORT === 'outbox') {
    const email = render();
    const [row] = await queryRows(SEND_OUTBOX_SQL, [
      project.id,
      emailAddress,
      hashToken(code),
      options.state ?? null,
      options.redirectUrl ?? project.redirectUrl,
      options.hostedLoginId ?? null,
      expiresAt,
      project.organizationId,
      email.subject,
      sealedOutboxContent(email),
      existingUserOnly,
    ]);
    if (!row) throw new Error('insert into challenges / email_messages returned no row');
    recordSendDuration(performance.now() - startedAt);
    return { expiresAt };
  }

  const db = await getDb();
  const [challenge] = await db
    .insert(challenges)
    .values({
      projectId: project.id,
      email: emailAddress,
      codeHash: hashToken(code),
      state: options.state ?? null,
      redirectUrl: options.redirectUrl ?? project.redirectUrl,
      hostedLoginId: options.hostedLoginId ?? null,
      existingUserOnly,
      expiresAt,
    })
    .returning({ id: challenges.id });
  if (!challenge) throw new Error('insert into challenges returned no row');

  const email = render();
  try {
    await sendMail({
      organizationId: project.organizationId,
      projectId: project.id,
      to: emailAddress,
      ...email,
    });
  } catch (error) {
    // Never leave a challenge usable whose email did not go out.
    await db
      .update(challenges)
      .set({ failedAt: new Date() })
      .where(eq(challenges.id, challenge.id))
      .catch((e: unknown) => log.error('could not mark challenge failed', { err: e }));
    throw error;
  }
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

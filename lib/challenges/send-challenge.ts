// POST /api/challenge/send: email a magic link. The link opens the landing page
// (app/l/[code]); Continue there redirects to the project's redirectUrl with the code.
import { eq } from 'drizzle-orm';
import { getDb, queryRows } from '../db/client';
import { challenges, type Project } from '../db/schema';
import { getEnv } from '../env';
import { renderEmail } from '../mail/template';
import { sealedOutboxContent, sendMail } from '../mail/send-mail';
import { hashToken, newChallengeCode } from '../tokens';
import { recordSendDuration } from './send-timing';

export type SendChallengeOptions = {
  project: Project;
  /** Already normalized (trimmed, lower-cased). */
  emailAddress: string;
  state?: string | undefined;
  /** Where Continue leads; the project's redirectUrl unless a workflow says otherwise. */
  redirectUrl?: string;
  /** The hosted-login session this was sent from (completed by verify). */
  workflowSessionId?: string;
};

export function landingUrl(code: string): string {
  return `${getEnv().APP_URL}/l/${code}`;
}

/**
 * With the outbox transport, "sending" is storing: the challenge and its (sealed) message
 * are inserted by one statement, so neither exists without the other.
 */
export const SEND_OUTBOX_SQL = `with c as (
    insert into challenges (project_id, email, code_hash, state, redirect_url, workflow_session_id, expires_at)
    values ($1, $2, $3, $4, $5, $6, $7) returning id)
  insert into email_messages (organization_id, project_id, to_address, subject, transport, status, sealed_content)
  select $8, $1, $2, $9, 'outbox', 'stored', $10 from c returning id`;

export async function sendChallenge(options: SendChallengeOptions): Promise<{ expiresAt: Date }> {
  const { project, emailAddress } = options;
  const startedAt = performance.now();
  const env = getEnv();
  const code = newChallengeCode();
  const expiresAt = new Date(Date.now() + env.CHALLENGE_TTL_SECONDS * 1000);
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
      options.workflowSessionId ?? null,
      expiresAt,
      project.organizationId,
      email.subject,
      sealedOutboxContent(email),
    ]);
    if (!row) throw new Error('insert into challenges / email_messages returned no row');
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
      workflowSessionId: options.workflowSessionId ?? null,
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
      .catch((e: unknown) => console.error('[uauth] could not mark challenge failed:', e));
    throw error;
  }
  recordSendDuration(performance.now() - startedAt);
  return { expiresAt };
}

// POST /api/challenge/send: email a magic link. The link opens the landing page
// (app/l/[code]); Continue there redirects to the project's redirectUrl with the code.
import { eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { challenges, type Project } from '../db/schema';
import { getEnv } from '../env';
import { renderEmail } from '../mail/template';
import { sendMail } from '../mail/send-mail';
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

export async function sendChallenge(options: SendChallengeOptions): Promise<{ expiresAt: Date }> {
  const { project, emailAddress } = options;
  const startedAt = performance.now();
  const env = getEnv();
  const db = await getDb();
  const code = newChallengeCode();
  const expiresAt = new Date(Date.now() + env.CHALLENGE_TTL_SECONDS * 1000);

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

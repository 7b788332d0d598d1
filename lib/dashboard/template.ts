// Email template tools of the dashboard: sample values for the live preview and the
// "send a test email to yourself" button. Rendering is lib/mail/template.ts, as for real mail.
import type { Project } from '../db/schema';
import { getEnv } from '../env';
import { sendMail } from '../mail/send-mail';
import { renderEmail, type TemplateVariables } from '../mail/template';

/** What the preview and the test email fill in ({{link}} leads nowhere real). */
export function sampleVariables(project: Pick<Project, 'name' | 'logoUrl'>, emailAddress: string): TemplateVariables {
  const env = getEnv();
  return {
    link: `${env.APP_URL}/l/this-is-a-test-email-link`,
    projectName: project.name,
    emailAddress,
    expiresInMinutes: String(Math.max(1, Math.round(env.CHALLENGE_TTL_SECONDS / 60))),
    logoUrl: project.logoUrl ?? '',
  };
}

/** Sends the project's current template, with sample values, to the signed-in developer. */
export async function sendTemplateTestEmail(project: Project, to: string): Promise<void> {
  const email = renderEmail(
    { subject: project.emailSubject, html: project.emailTemplate },
    sampleVariables(project, to),
  );
  await sendMail({
    organizationId: project.organizationId,
    projectId: project.id,
    to,
    ...email,
    subject: `[Test] ${email.subject}`,
  });
}

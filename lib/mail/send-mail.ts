// Delivers an email through the configured transport and logs it in email_messages:
// - outbox (development default): the message is stored, sealed, for the mailbox;
// - resend: the `resend` SDK sends it (RESEND_BASE_URL points it elsewhere in tests).
import { eq } from 'drizzle-orm';
import { Resend } from 'resend';
import { getDb } from '../db/client';
import { emailMessages } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { log } from '../log';
import { seal } from '../seal';
import { extractLinks } from './template';

export type OutgoingEmail = {
  organizationId: string | null;
  projectId: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
};

export type StoredContent = { html: string; text: string; links: string[] };

let resendClient: Resend | undefined;

/** What the outbox stores of a message: html, text and links, sealed. */
export function sealedOutboxContent(email: Pick<OutgoingEmail, 'html' | 'text'>): string {
  const content: StoredContent = { html: email.html, text: email.text, links: extractLinks(email.html) };
  return seal(content);
}

export async function sendMail(email: OutgoingEmail): Promise<{ messageId: string }> {
  const env = getEnv();
  const db = await getDb();
  const base = {
    organizationId: email.organizationId,
    projectId: email.projectId,
    toAddress: email.to,
    subject: email.subject,
  };

  if (env.MAIL_TRANSPORT === 'outbox') {
    const [row] = await db
      .insert(emailMessages)
      .values({ ...base, transport: 'outbox', status: 'stored', sealedContent: sealedOutboxContent(email) })
      .returning({ id: emailMessages.id });
    if (!row) throw new Error('insert into email_messages returned no row');
    return { messageId: row.id };
  }

  const [row] = await db
    .insert(emailMessages)
    .values({ ...base, transport: 'resend', status: 'pending' })
    .returning({ id: emailMessages.id });
  if (!row) throw new Error('insert into email_messages returned no row');

  resendClient ??= new Resend(env.RESEND_API_KEY);
  const from = env.MAIL_FROM ?? '';
  let failure: string | null = null;
  let providerMessageId: string | null = null;
  try {
    const { data, error } = await resendClient.emails.send(
      { from, to: email.to, subject: email.subject, html: email.html, text: email.text },
      { idempotencyKey: row.id, signal: AbortSignal.timeout(env.MAIL_TIMEOUT_MS) } as never,
    );
    if (error || !data) failure = error ? `${error.name}: ${error.message}` : 'no response';
    else providerMessageId = data.id;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }

  await db
    .update(emailMessages)
    .set(failure ? { status: 'failed', error: failure.slice(0, 1000) } : { status: 'sent', providerMessageId })
    .where(eq(emailMessages.id, row.id));
  if (failure) {
    log.error('email delivery failed', { to: email.to, transport: 'resend', reason: failure });
    throw new AppError('email_delivery_failed', 'The email provider did not accept the message. Try again shortly.');
  }
  return { messageId: row.id };
}

// Every email UAuth sends takes one path, whatever the transport:
// 1. recordEmail: one statement inserts the `email_messages` row and, for a magic link, its
//    challenge — both or neither. With the outbox transport (development default) the
//    message is stored sealed (status `stored`): storing is sending. With Resend only its
//    metadata is kept (status `pending`).
// 2. deliverEmail: the Resend SDK sends the message (RESEND_BASE_URL points it elsewhere in
//    tests) and its outcome is recorded; a refusal or timeout marks the challenge failed, so
//    no challenge stays usable whose email did not go out. The outbox has nothing left to do.
import { eq } from 'drizzle-orm';
import { Resend } from 'resend';
import { getDb, queryRows } from '../db/client';
import { type Challenge, challenges, type EmailMessage, emailMessages } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { log } from '../log';
import { seal } from '../seal';
import {
  type ChallengeRecord,
  type OutgoingEmail,
  RECORD_EMAIL_SQL,
  recordEmailParams,
} from './record-email-statement';
import { extractLinks } from './template';

export type { ChallengeRecord, OutgoingEmail };

export type RecordedEmail = {
  messageId: EmailMessage['id'];
  challengeId: Challenge['id'] | null;
  transport: EmailMessage['transport'];
};

export type StoredContent = { html: string; text: string; links: string[] };

/** What the outbox stores of a message: html, text and links, sealed. */
export function sealedOutboxContent(email: Pick<OutgoingEmail, 'html' | 'text'>): string {
  const content: StoredContent = { html: email.html, text: email.text, links: extractLinks(email.html) };
  return seal(content);
}

/** Step 1: the message (and its challenge, if any) recorded by one statement. */
export async function recordEmail(email: OutgoingEmail, challenge: ChallengeRecord | null): Promise<RecordedEmail> {
  const transport = getEnv().MAIL_TRANSPORT;
  const sealed = transport === 'outbox' ? sealedOutboxContent(email) : null;
  const [row] = await queryRows<Omit<RecordedEmail, 'transport'>>(
    RECORD_EMAIL_SQL,
    recordEmailParams(email, challenge, transport, sealed),
  );
  if (!row) throw new Error('insert into challenges / email_messages returned no row');
  return { ...row, transport };
}

let resendClient: Resend | undefined;

/** Step 2: hands a recorded message to the provider and records the outcome; 502 when it is refused. */
export async function deliverEmail(recorded: RecordedEmail, email: OutgoingEmail): Promise<void> {
  if (recorded.transport === 'outbox') return;
  const env = getEnv();
  resendClient ??= new Resend(env.RESEND_API_KEY);
  let failure: string | null = null;
  let providerMessageId: string | null = null;
  try {
    const { data, error } = await resendClient.emails.send(
      { from: env.MAIL_FROM ?? '', to: email.to, subject: email.subject, html: email.html, text: email.text },
      { idempotencyKey: recorded.messageId, signal: AbortSignal.timeout(env.MAIL_TIMEOUT_MS) } as never,
    );
    if (error || !data) failure = error ? `${error.name}: ${error.message}` : 'no response';
    else providerMessageId = data.id;
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }

  const db = await getDb();
  if (!failure) {
    await db
      .update(emailMessages)
      .set({ status: 'sent', providerMessageId })
      .where(eq(emailMessages.id, recorded.messageId));
    return;
  }
  log.error('email delivery failed', { to: email.to, transport: recorded.transport, reason: failure });
  const reason = failure;
  await db
    .transaction(async (tx) => {
      await tx
        .update(emailMessages)
        .set({ status: 'failed', error: reason.slice(0, 1000) })
        .where(eq(emailMessages.id, recorded.messageId));
      // Never leave a challenge usable whose email did not go out.
      if (recorded.challengeId !== null)
        await tx.update(challenges).set({ failedAt: new Date() }).where(eq(challenges.id, recorded.challengeId));
    })
    .catch((error: unknown) => log.error('could not record the failed delivery', { err: error }));
  throw new AppError('email_delivery_failed', 'The email provider did not accept the message. Try again shortly.');
}

/** An email without a challenge (invitations, the template's test email): record, then deliver. */
export async function sendMail(email: OutgoingEmail): Promise<{ messageId: string }> {
  const recorded = await recordEmail(email, null);
  await deliverEmail(recorded, email);
  return { messageId: recorded.messageId };
}

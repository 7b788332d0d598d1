// The statement every email is recorded with, and its challenge when it carries one (run by
// recordEmail in lib/mail/send-mail.ts; the benchmark's floor and EXPLAIN run the same text).
import type { challenges, EmailMessage } from '../db/schema';

export type OutgoingEmail = {
  organizationId: string | null;
  projectId: string | null;
  to: string;
  subject: string;
  html: string;
  text: string;
};

/** The challenge a magic link carries, inserted with its email by recordEmail. */
export type ChallengeRecord = Pick<
  typeof challenges.$inferInsert,
  'projectId' | 'email' | 'codeHash' | 'state' | 'redirectUrl' | 'hostedLoginId' | 'expiresAt' | 'existingUserOnly'
> & { userHash: string };

/**
 * recordEmail's one statement: the challenge ($1–$9, inserted only when a code hash $3 is
 * given) and the email_messages row ($10–$16), which is written only when the challenge was
 * (or none was asked for), so neither exists without the other.
 */
export const RECORD_EMAIL_SQL = `with c as (
    insert into challenges (project_id, email, code_hash, state, redirect_url, hosted_login_id, expires_at,
      existing_user_only, user_hash)
    select $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::timestamptz, $8::boolean, $9::text
    where $3::text is not null
    returning id)
  insert into email_messages (organization_id, project_id, to_address, subject, transport, status, sealed_content)
  select $10::uuid, $11::uuid, $12::text, $13::text, $14::text, $15::text, $16::text
  where $3::text is null or exists (select 1 from c)
  returning id as "messageId", (select id from c) as "challengeId"`;

/** The parameters of RECORD_EMAIL_SQL, in order. */
export function recordEmailParams(
  email: OutgoingEmail,
  challenge: ChallengeRecord | null,
  transport: EmailMessage['transport'],
  /** The outbox's sealed content (sealedOutboxContent in lib/mail/send-mail.ts); null for Resend. */
  sealedContent: string | null,
): unknown[] {
  return [
    challenge?.projectId ?? null,
    challenge?.email ?? null,
    challenge?.codeHash ?? null,
    challenge?.state ?? null,
    challenge?.redirectUrl ?? null,
    challenge?.hostedLoginId ?? null,
    challenge?.expiresAt ?? null,
    challenge?.existingUserOnly ?? false,
    challenge?.userHash ?? null,
    email.organizationId,
    email.projectId,
    email.to,
    email.subject,
    transport,
    transport === 'outbox' ? 'stored' : 'pending',
    sealedContent,
  ];
}

// The development mailbox: what the outbox transport stored, newest first.
import { desc, eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { emailMessages } from '../db/schema';
import { getEnv } from '../env';
import { unseal } from '../seal';
import type { MailboxMessage } from './schemas';
import type { StoredContent } from './send-mail';

export type { MailboxMessage } from './schemas';

/** The mailbox exists only while mail is not really sent. */
export function isMailboxEnabled(): boolean {
  return getEnv().MAIL_TRANSPORT === 'outbox';
}

export async function listMailbox(options: { to?: string; limit?: number }): Promise<MailboxMessage[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(emailMessages)
    .where(options.to ? eq(emailMessages.toAddress, options.to) : eq(emailMessages.transport, 'outbox'))
    .orderBy(desc(emailMessages.createdAt), desc(emailMessages.id))
    .limit(options.limit ?? 50);
  return rows.flatMap((row) => {
    const content = row.sealedContent ? unseal<StoredContent>(row.sealedContent) : null;
    if (!content) return [];
    return [
      {
        id: row.id,
        to: row.toAddress,
        subject: row.subject,
        html: content.html,
        text: content.text,
        links: content.links,
        createdAt: row.createdAt.toISOString(),
      },
    ];
  });
}

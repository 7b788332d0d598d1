// The delivery log of every email, and with the outbox transport the sealed message itself.
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { organizations } from './organizations';
import { projects } from './projects';
import { timestamps } from './timestamps';

/**
 * Every email UAuth sends: the delivery log, and with the outbox transport the
 * message itself (sealed, since it carries a live sign-in link).
 */
export const emailMessages = pgTable(
  'email_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    transport: text('transport', { enum: ['outbox', 'resend'] }).notNull(),
    status: text('status', { enum: ['pending', 'stored', 'sent', 'failed'] }).notNull(),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    /** Outbox only: html, text and links, AES-GCM sealed under SESSION_SECRET. */
    sealedContent: text('sealed_content'),
    ...timestamps,
  },
  (t) => [
    // development mailbox: newest messages to an address
    index('email_messages_to_created_idx').on(t.toAddress, t.createdAt),
    // dashboard activity: an organization's recent emails
    index('email_messages_organization_created_idx').on(t.organizationId, t.createdAt),
    // housekeeping: purge the delivery log past EMAIL_RETENTION_DAYS
    index('email_messages_created_idx').on(t.createdAt),
  ],
);
export type EmailMessage = typeof emailMessages.$inferSelect;

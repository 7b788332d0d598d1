import { z } from 'zod';
import { emailSchema } from '../validation';

/** Query of GET /api/dev/mailbox. */
export const mailboxQuerySchema = z.object({
  to: emailSchema.optional().meta({ description: 'Only messages to this address (default: every stored message).' }),
});

export const mailboxMessageSchema = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  links: z
    .array(z.string())
    .meta({ description: 'Every link in the message; the magic link is `{APP_URL}/l/{challengeCode}`.' }),
  createdAt: z.iso.datetime(),
});
export type MailboxMessage = z.output<typeof mailboxMessageSchema>;

export const mailboxDtoSchema = z.object({
  messages: z.array(mailboxMessageSchema).meta({ description: 'Newest first, at most 50.' }),
});

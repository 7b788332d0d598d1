import { AppError } from '@/lib/errors';
import { methodNotAllowed, publicApi } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json } from '@/lib/http/respond';
import { isMailboxEnabled, listMailbox } from '@/lib/mail/mailbox';
import { mailboxDtoSchema, mailboxQuerySchema as querySchema } from '@/lib/mail/schemas';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET'];

// GET /api/dev/mailbox?to= — emails the outbox stored instead of sending (development only)
export const GET = publicApi(async ({ query }) => {
  if (!isMailboxEnabled())
    throw new AppError('not_found', 'The development mailbox is off: a real email provider is configured.');
  const { to } = parseInput(querySchema, query);
  return json(mailboxDtoSchema.parse({ messages: await listMailbox({ to }) }));
});

export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

// Operations for developers: the development mailbox and this document itself.
import { mailboxDtoSchema, mailboxQuerySchema } from '../../mail/schemas';
import type { Operation } from './common';

export const developmentOperations: Operation[] = [
  // ---------------------------------------------------------------- development
  {
    method: 'get',
    path: '/dev/mailbox',
    operationId: 'listDevMailbox',
    tag: 'Development',
    summary: 'Read the development mailbox',
    description:
      'Only while no email provider is configured (`MAIL_TRANSPORT=outbox`): the emails UAuth stored ' +
      'instead of sending, newest first. 404 whenever a real provider (Resend) is configured. Also ' +
      'a page at `/dev/mailbox`.',
    credential: 'none',
    query: mailboxQuerySchema,
    success: {
      status: 200,
      description: 'The stored emails.',
      schema: { name: 'MailboxDto', schema: mailboxDtoSchema },
    },
    errors: [400, 404],
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'Development',
    summary: 'This OpenAPI document',
    description: 'OpenAPI 3.1, generated from the zod schemas that validate requests and shape responses.',
    credential: 'none',
    success: { status: 200, description: 'The OpenAPI document.' },
    errors: [],
  },
];

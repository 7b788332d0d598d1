// A project's end users and their sessions as the REST admin API (secret key) reads and
// changes them: path parameters, the list's query, and what a user and a session look like.
import { z } from 'zod';
import { pageQuerySchema } from '../http/pagination';
import { sessionStatuses } from '../sessions/schemas';
import { emailSchema, uuidSchema } from '../validation';

/** A userHash: the 64 hexadecimal characters of an HMAC-SHA256 (either case; compared lower-case). */
export const userHashSchema = z
  .string({ error: 'is required' })
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'must be a userHash (64 hexadecimal characters)')
  .meta({ description: "The user's `userHash` (as verify and `GET /user` answer it)." });

/** Path parameters of /api/projects/{projectId}/users/{userHash}…. */
export const userPathSchema = z.object({ projectId: uuidSchema, userHash: userHashSchema });

/** Path parameters of /api/projects/{projectId}/sessions/{sid}. */
export const sessionPathSchema = z.object({
  projectId: uuidSchema,
  sid: uuidSchema.meta({ description: "The session's `id` (the `sid` its access tokens carry)." }),
});

/** Query of GET /api/projects/{projectId}/users: a page, optionally only the user of one address. */
export const listUsersQuerySchema = pageQuerySchema.extend({
  email: emailSchema.optional().meta({
    description: 'Only the user with this address (compared trimmed and lower-cased): an array of one, or empty.',
  }),
});

export const projectUserDtoSchema = z.object({
  userHash: z.string().meta({
    description: 'Stable per email address within the project; the id of the user in these endpoints.',
  }),
  emailAddress: z.string(),
  createdAt: z.iso.datetime().meta({ description: 'Their first sign-in (the verify that created the user).' }),
  updatedAt: z.iso.datetime(),
  lastSignInAt: z.iso.datetime(),
});
export type ProjectUserDto = z.infer<typeof projectUserDtoSchema>;

export const userSessionDtoSchema = z.object({
  id: z.string().meta({
    format: 'uuid',
    description: "The session's id: the `sid` its access tokens carry. Never its code, which only the app holds.",
  }),
  status: z.enum(sessionStatuses),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});
export type UserSessionDto = z.infer<typeof userSessionDtoSchema>;

import { z } from 'zod';
import { accessTokenFields } from '../access-tokens/schemas';
import { uuidSchema } from '../validation';

/** What an app does with each status is described in docs/API-CLIENT.md and the OpenAPI document. */
export const sessionStatuses = ['active', 'expired', 'revoked'] as const;

/** A session code as the end-user endpoints take it (?sessionCode=, a JSON body field, or Authorization: Bearer). */
export const sessionCodeSchema = z.string().min(1).max(512).meta({
  description:
    'The session code from `POST /challenge/verify` (`session.code`). May instead be sent as `Authorization: Bearer`.',
});

/** Query (or JSON body) of GET/DELETE /api/session, POST /api/session/refresh and GET /api/user, besides the client token. */
export const sessionLookupSchema = z.object({
  projectId: uuidSchema,
  sessionCode: sessionCodeSchema.optional(),
});

export const sessionDtoSchema = z.object({
  code: z.string().meta({ description: 'The session code: keep it server-side (e.g. an HttpOnly cookie).' }),
  status: z.enum(sessionStatuses).meta({
    description:
      "`active`: signed in. `expired`: older than the project's sessionValidSeconds. `revoked`: signed out. Both final: the app drops the code and signs the user in again.",
  }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().meta({
    description:
      "When the session expires: createdAt + the project's sessionValidSeconds or, when the project has sessionIdleSeconds, its creation or last refresh + sessionIdleSeconds — never beyond createdAt + sessionValidSeconds.",
  }),
});
export type SessionDto = z.infer<typeof sessionDtoSchema>;

export const userDtoSchema = z.object({
  emailAddress: z.string(),
  userHash: z.string().meta({
    description: 'Stable per email address within one project, different across projects; never reveals the address.',
  }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type UserDto = z.infer<typeof userDtoSchema>;

export const verifiedDtoSchema = z.object({
  status: z.literal('verified'),
  session: sessionDtoSchema,
  user: userDtoSchema,
  ...accessTokenFields,
});

/** POST /api/session/refresh: the active session (expiresAt moved on when the project slides) and a new access token. */
export const refreshedSessionDtoSchema = z.object({
  status: z.literal('active'),
  session: sessionDtoSchema,
  ...accessTokenFields,
});
export type RefreshedSessionDto = z.infer<typeof refreshedSessionDtoSchema>;

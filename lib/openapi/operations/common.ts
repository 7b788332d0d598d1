// What every operation of the REST API is described with (the table's types), and the
// schemas and texts several operations share.
import { z } from 'zod';
import { createProjectSchema, projectDtoSchema } from '../../projects/schemas';
import { sessionDtoSchema, sessionLookupSchema, userDtoSchema } from '../../sessions/schemas';
import { uuidSchema } from '../../validation';
import { workflowDtoSchema, workflowInputSchema } from '../../workflows/schemas';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/**
 * Who may call: the organization secret key, a project client token (+ session code), either
 * of the first two (send), or anyone.
 */
export type Credential = 'secretKey' | 'clientToken' | 'clientTokenOrSecretKey' | 'clientTokenAndSession' | 'none';

/** A request header an operation reads (besides its credentials). */
export type HeaderParam = { name: string; description: string; schema: z.ZodType };

/** A named schema: `name` becomes its key under components.schemas. */
export type NamedSchema = { name: string; schema: z.ZodType };

export type Operation = {
  method: HttpMethod;
  /** OpenAPI path relative to the server URL `/api`, e.g. `/projects/{projectId}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  credential: Credential;
  pathParams?: z.ZodObject;
  /** Input read from the query string only. */
  query?: z.ZodObject;
  /** Input read from a JSON body only. */
  body?: NamedSchema;
  /** Input read from the query string or a JSON body, or both (the body wins). */
  queryOrBody?: NamedSchema;
  headers?: HeaderParam[];
  success: {
    status: 200 | 201 | 204;
    description: string;
    schema?: NamedSchema;
    list?: boolean;
    /** Response headers of the success answer (name → what it carries). */
    headers?: Record<string, string>;
  };
  /** Error statuses this operation answers besides 500 and 503 (which every operation may). */
  errors: number[];
};

/** The client credentials as they may appear in a JSON body (the query form is a security scheme). */
export const clientCredentialsSchema = z.object({
  projectId: uuidSchema.meta({ description: 'The project, always sent together with its client token.' }),
  clientToken: z
    .string()
    .meta({ description: 'The project client token `ck_…` (or header `x-client-token`, or query `clientToken`).' }),
});

/** Send takes either credential: with the secret key, no client token. */
export const sendCredentialsSchema = clientCredentialsSchema.extend({
  clientToken: z.string().optional().meta({
    description:
      'The project client token `ck_…` (or header `x-client-token`, or query `clientToken`). Not needed when the call carries the organization secret key.',
  }),
});

export const ProjectDto = { name: 'ProjectDto', schema: projectDtoSchema };
export const CreateProjectDto = { name: 'CreateProjectDto', schema: createProjectSchema };
export const WorkflowDto = { name: 'WorkflowDto', schema: workflowDtoSchema };
export const WorkflowInput = { name: 'WorkflowInput', schema: workflowInputSchema };
export const SessionDto = { name: 'SessionDto', schema: sessionDtoSchema };
export const UserDto = { name: 'UserDto', schema: userDtoSchema };
export const SessionLookupInput = {
  name: 'SessionLookupInput',
  schema: clientCredentialsSchema.extend(sessionLookupSchema.shape),
};

/** The headers of a page of a bounded list (lib/http/pagination.ts). */
export const pageHeaders = {
  'X-Next-Cursor': 'Only when more items remain: the `cursor` of the next page.',
  Link: 'Only when more items remain: `<{path}?limit=…&cursor=…>; rel="next"`, the next page relative to this one (credentials not included: send them again).',
};

export const sessionSemantics = `
**Expired or revoked sessions.** A session never comes back to life: it expires at \`expiresAt\`
(its creation plus the project's \`sessionValidSeconds\` or, when the project has
\`sessionIdleSeconds\`, its creation or last \`POST /session/refresh\` plus that, never beyond
creation + \`sessionValidSeconds\`). When this answers \`status: "expired"\` or \`"revoked"\` (or
\`GET /user\` and \`POST /session/refresh\` answer 403 \`session_inactive\`, or 401 once the project was
deleted: its client token no longer exists), the app must forget the session code (clear its cookie),
treat the user as signed out, and start a new sign-in (\`POST /challenge/send\` or a new hosted-page
session). **Refreshing** (\`POST /session/refresh\`) keeps an active session going: a new access token
and, with \`sessionIdleSeconds\`, a later \`expiresAt\`; it never revives an expired or revoked session.

**Session code, access token, online check.** The session code is the long-lived credential: keep it
server-side, send it to \`/session\`, \`/session/refresh\`, \`/user\`. The access token (from verify and
refresh) is a short-lived signed JWT the app may check locally against
\`/projects/{projectId}/jwks.json\`, without a call to UAuth. **A revoked session's access token keeps
verifying until its \`exp\`** (ACCESS_TOKEN_TTL_SECONDS, 300 s by default): \`GET /session\` is the
authoritative online check, for whatever must not outlive a sign-out by even that long.`;

/** What verify and refresh say about the access token they answer. */
export const accessTokenSemantics = `
**Access token.** \`accessToken\` is a JWT signed with EdDSA (Ed25519): header \`kid\`; claims \`iss\`
(this server's APP_URL), \`aud\` (the projectId), \`sub\` (the user's userHash), \`email\`, \`sid\` (the
session's id), \`iat\`, \`exp\` (ACCESS_TOKEN_TTL_SECONDS after \`iat\`, never after the session's
\`expiresAt\`). Verify it with the keys of \`GET /projects/{projectId}/jwks.json\`, checking \`iss\`,
\`aud\` and \`exp\`. Revoking the session does not recall it: it stays valid until \`exp\`, and
\`POST /session/refresh\` is refused at once. \`GET /session\` remains the authoritative online check.`;

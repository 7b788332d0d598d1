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
**Expired or revoked sessions.** A session never comes back to life and is never extended:
\`expiresAt\` is its creation time plus the project's \`sessionValidSeconds\`. When this answers
\`status: "expired"\` or \`"revoked"\` (or \`GET /user\` answers 403 \`session_inactive\`, or 401 once the
project was deleted: its client token no longer exists), the app must forget the session code (clear its cookie), treat the user as
signed out, and start a new sign-in (\`POST /challenge/send\` or a new hosted-page session). There is
no refresh token: "refreshing" means signing in again, and a long \`sessionValidSeconds\` is how a
project keeps users signed in longer.`;

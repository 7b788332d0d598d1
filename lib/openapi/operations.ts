// Every operation of the REST API (../shared/spec/API.md), described by the zod schemas
// that validate its input and shape its output. lib/openapi/document.ts turns this table
// into the OpenAPI 3.1 document; test/integration/openapi.test.ts checks that it lists
// exactly the route handlers under app/api.
import { z } from 'zod';
import { sendChallengeResultSchema, sendChallengeSchema, verifyChallengeSchema } from '../challenges/schemas';
import { pageQuerySchema } from '../http/pagination';
import { mailboxDtoSchema, mailboxQuerySchema } from '../mail/schemas';
import { createProjectSchema, projectDtoSchema, projectPathSchema } from '../projects/schemas';
import { sessionDtoSchema, sessionLookupSchema, userDtoSchema, verifiedDtoSchema } from '../sessions/schemas';
import { uuidSchema } from '../validation';
import {
  createHostedLoginSchema,
  hostedLoginCreatedSchema,
  hostedLoginDtoSchema,
  hostedLoginPathSchema,
  workflowDtoSchema,
  workflowInputSchema,
  workflowPathSchema,
} from '../workflows/schemas';

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
  /** Input read from the query string or a JSON body (the seed's query form and API.md's body form). */
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
const sendCredentialsSchema = clientCredentialsSchema.extend({
  clientToken: z.string().optional().meta({
    description:
      'The project client token `ck_…` (or header `x-client-token`, or query `clientToken`). Not needed when the call carries the organization secret key.',
  }),
});

const ProjectDto = { name: 'ProjectDto', schema: projectDtoSchema };
const CreateProjectDto = { name: 'CreateProjectDto', schema: createProjectSchema };
const WorkflowDto = { name: 'WorkflowDto', schema: workflowDtoSchema };
const WorkflowInput = { name: 'WorkflowInput', schema: workflowInputSchema };
const SessionDto = { name: 'SessionDto', schema: sessionDtoSchema };
const UserDto = { name: 'UserDto', schema: userDtoSchema };
const SessionLookupInput = {
  name: 'SessionLookupInput',
  schema: clientCredentialsSchema.extend(sessionLookupSchema.shape),
};

/** The headers of a page of a bounded list (lib/http/pagination.ts). */
const pageHeaders = {
  'X-Next-Cursor': 'Only when more items remain: the `cursor` of the next page.',
  Link: 'Only when more items remain: `<{path}?limit=…&cursor=…>; rel="next"`, the next page relative to this one (credentials not included: send them again).',
};

const sessionSemantics = `
**Expired or revoked sessions.** A session never comes back to life and is never extended:
\`expiresAt\` is its creation time plus the project's \`sessionValidSeconds\`. When this answers
\`status: "expired"\` or \`"revoked"\` (or \`GET /user\` answers 403 \`session_inactive\`, or 404 after the
project was deleted), the app must forget the session code (clear its cookie), treat the user as
signed out, and start a new sign-in (\`POST /challenge/send\` or a new hosted-page session). There is
no refresh token: "refreshing" means signing in again, and a long \`sessionValidSeconds\` is how a
project keeps users signed in longer.`;

export const operations: Operation[] = [
  // ---------------------------------------------------------------- projects
  {
    method: 'get',
    path: '/projects',
    operationId: 'listProjects',
    tag: 'Projects',
    summary: 'List projects',
    description:
      "The projects of the secret key's organization, oldest first (by `createdAt`, then `id`), at most `limit` " +
      'per answer. When more remain, the answer carries `X-Next-Cursor` and `Link: <…>; rel="next"`: ask again ' +
      'with that `cursor` for the next page.',
    credential: 'secretKey',
    query: pageQuerySchema,
    success: {
      status: 200,
      description: 'A page of the projects.',
      schema: ProjectDto,
      list: true,
      headers: pageHeaders,
    },
    errors: [400, 401],
  },
  {
    method: 'post',
    path: '/projects',
    operationId: 'createProject',
    tag: 'Projects',
    summary: 'Create a project',
    description:
      'A project gets its own client token, users and sessions. 409 `limit_reached` when the organization ' +
      'already has `MAX_PROJECTS_PER_ORGANIZATION` projects (100 by default).',
    credential: 'secretKey',
    body: CreateProjectDto,
    success: { status: 201, description: 'The new project.', schema: ProjectDto },
    errors: [400, 401, 409, 413],
  },
  {
    method: 'get',
    path: '/projects/{projectId}',
    operationId: 'getProject',
    tag: 'Projects',
    summary: 'Get a project',
    description: "Another organization's project answers 404.",
    credential: 'secretKey',
    pathParams: projectPathSchema,
    success: { status: 200, description: 'The project.', schema: ProjectDto },
    errors: [400, 401, 404],
  },
  {
    method: 'put',
    path: '/projects/{projectId}',
    operationId: 'updateProject',
    tag: 'Projects',
    summary: 'Replace a project',
    description: 'Replaces every setting: an omitted optional field returns to its default.',
    credential: 'secretKey',
    pathParams: projectPathSchema,
    body: CreateProjectDto,
    success: { status: 200, description: 'The updated project.', schema: ProjectDto },
    errors: [400, 401, 404, 413],
  },
  {
    method: 'delete',
    path: '/projects/{projectId}',
    operationId: 'deleteProject',
    tag: 'Projects',
    summary: 'Delete a project',
    description: "The project's challenges, sessions, users and workflows stop working at once.",
    credential: 'secretKey',
    pathParams: projectPathSchema,
    success: { status: 204, description: 'Deleted.' },
    errors: [400, 401, 404],
  },
  // ---------------------------------------------------------------- workflows
  {
    method: 'get',
    path: '/projects/{projectId}/workflows',
    operationId: 'listWorkflows',
    tag: 'Workflows',
    summary: "List a project's workflows",
    description:
      'Oldest first (by `createdAt`, then `id`), at most `limit` per answer. When more remain, the answer carries ' +
      '`X-Next-Cursor` and `Link: <…>; rel="next"`: ask again with that `cursor` for the next page.',
    credential: 'secretKey',
    pathParams: projectPathSchema,
    query: pageQuerySchema,
    success: {
      status: 200,
      description: 'A page of the workflows.',
      schema: WorkflowDto,
      list: true,
      headers: pageHeaders,
    },
    errors: [400, 401, 404],
  },
  {
    method: 'post',
    path: '/projects/{projectId}/workflows',
    operationId: 'createWorkflow',
    tag: 'Workflows',
    summary: 'Create a workflow',
    description: 'A workflow names a policy and where the hosted login page sends the user back to.',
    credential: 'secretKey',
    pathParams: projectPathSchema,
    body: WorkflowInput,
    success: { status: 201, description: 'The new workflow.', schema: WorkflowDto },
    errors: [400, 401, 404, 413],
  },
  {
    method: 'get',
    path: '/projects/{projectId}/workflows/{workflowKey}',
    operationId: 'getWorkflow',
    tag: 'Workflows',
    summary: 'Get a workflow',
    credential: 'secretKey',
    pathParams: workflowPathSchema,
    success: { status: 200, description: 'The workflow.', schema: WorkflowDto },
    errors: [400, 401, 404],
  },
  {
    method: 'put',
    path: '/projects/{projectId}/workflows/{workflowKey}',
    operationId: 'updateWorkflow',
    tag: 'Workflows',
    summary: 'Replace a workflow',
    credential: 'secretKey',
    pathParams: workflowPathSchema,
    body: WorkflowInput,
    success: { status: 200, description: 'The updated workflow.', schema: WorkflowDto },
    errors: [400, 401, 404, 413],
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/workflows/{workflowKey}',
    operationId: 'deleteWorkflow',
    tag: 'Workflows',
    summary: 'Delete a workflow',
    description: 'New hosted-page sessions for it answer 409.',
    credential: 'secretKey',
    pathParams: workflowPathSchema,
    success: { status: 204, description: 'Deleted.' },
    errors: [400, 401, 404],
  },
  // ---------------------------------------------------------------- hosted login (UAuth)
  {
    method: 'post',
    path: '/uauth/session',
    operationId: 'createHostedLogin',
    tag: 'Hosted login',
    summary: 'Start a hosted-login session',
    description:
      "Starts a hosted login (30 minutes, completes once) and answers the hosted login page's URL. " +
      "Redirect the user's browser there; after the emailed link and Continue, the browser lands on the " +
      "workflow's `clientRedirectUrl` with `code`, `sessionId` and `state`: verify the code with " +
      '`POST /challenge/verify` as usual. 409 when the workflow is unknown, deleted or another ' +
      "organization's; 424 when its project was deleted, or when its `clientRedirectUrl` is no longer on the " +
      "project's `allowedOrigin` or `redirectUrl` origin (the project's origins changed: update the workflow).",
    credential: 'secretKey',
    body: { name: 'CreateHostedLoginInput', schema: createHostedLoginSchema },
    success: {
      status: 201,
      description: 'The hosted login page for this session.',
      schema: { name: 'HostedLoginUrl', schema: hostedLoginCreatedSchema },
    },
    errors: [400, 401, 409, 413, 424],
  },
  {
    method: 'get',
    path: '/uauth/session/{sessionId}',
    operationId: 'getHostedLogin',
    tag: 'Hosted login',
    summary: 'Get a hosted-login session',
    description: "404 for an unknown, expired or another organization's session.",
    credential: 'secretKey',
    pathParams: hostedLoginPathSchema,
    success: {
      status: 200,
      description: 'The hosted login.',
      schema: { name: 'HostedLoginDto', schema: hostedLoginDtoSchema },
    },
    errors: [400, 401, 404],
  },
  // ---------------------------------------------------------------- challenges
  {
    method: 'post',
    path: '/challenge/send',
    operationId: 'sendChallenge',
    tag: 'Sign-in',
    summary: 'Email a magic link',
    description:
      'Emails a link to the magic-link landing page (valid 15 minutes, verifies once). The same 201 ' +
      'for every valid address, known or not. Continue on that page redirects (303) to the ' +
      "project's `redirectUrl` with `code` (and `state`). When the project has `allowSignUp: false`, " +
      'only its existing users are mailed; anyone else gets the very same 201, as late, and no email. ' +
      '502 when the email provider refused or did not answer (the link never works then).\n\n' +
      '**Credentials.** From a browser (or any client): the project client token with `projectId`; a request ' +
      "with an `Origin` must come from the project's allowedOrigin. From your server: the organization secret " +
      'key (header `x-upid-organization-key`, `Authorization: Bearer sk_…` or query `secretToken`) with ' +
      "`projectId`, a live project of the key's organization (404 otherwise), no Origin check; name the end " +
      "user's address in `x-uauth-end-user-ip` so that the per-IP limit counts that user, not your server.\n\n" +
      '**Limits** (429 with `Retry-After`, nothing sent): per (project, end-user IP); per (project, address), ' +
      'where `ana+1@x.com` counts as `ana@x.com` and Gmail dots and googlemail.com fold; and per ' +
      'organization: all sends of all its projects, through this API and the hosted login page, share one quota.',
    credential: 'clientTokenOrSecretKey',
    queryOrBody: { name: 'SendChallengeInput', schema: sendCredentialsSchema.extend(sendChallengeSchema.shape) },
    headers: [
      {
        name: 'x-uauth-end-user-ip',
        description:
          "With the organization secret key only: the IPv4 or IPv6 address of the end user you send for (IPv6 counted per /64); the per-IP limit counts it instead of your server's address. 400 when it is not an IP address. Ignored with a client token.",
        schema: z.string().meta({ examples: ['203.0.113.7', '2001:db8::1'] }),
      },
    ],
    success: {
      status: 201,
      description: 'Sent (or, for an address the project does not admit, nothing sent: the same answer).',
      schema: { name: 'SendChallengeResult', schema: sendChallengeResultSchema },
    },
    errors: [400, 401, 403, 404, 413, 429, 502],
  },
  {
    method: 'post',
    path: '/challenge/verify',
    operationId: 'verifyChallenge',
    tag: 'Sign-in',
    summary: 'Trade a challenge code for a session',
    description:
      'Exactly one verify of a code succeeds. The first verify of an address creates the user — unless the ' +
      'project has `allowSignUp: false` or the code came from a hosted page under the `sign_in` policy: then ' +
      'an address that is not yet a user gets 403 `sign_up_disabled` and nothing is created (the code stays ' +
      'unused). Unknown code 404, already used 409, expired 410. A code from the hosted login page also needs ' +
      'its hosted-login session: expired 410 `hosted_login_expired`, already completed 409, workflow deleted ' +
      "409 `workflow_invalid`, workflow's `clientRedirectUrl` no longer on the project's origins 424. Failed " +
      'attempts are counted per (project, client IP) (`RATE_LIMIT_VERIFY_PER_IP`, 60 per minute by default); ' +
      'beyond, a failing attempt answers 429 with `Retry-After` instead. Successful verifies are never ' +
      'counted nor refused. Keep `session.code` server-side.',
    credential: 'clientToken',
    queryOrBody: { name: 'VerifyChallengeInput', schema: clientCredentialsSchema.extend(verifyChallengeSchema.shape) },
    success: {
      status: 200,
      description: 'Verified: the new session and its user.',
      schema: { name: 'VerifiedDto', schema: verifiedDtoSchema },
    },
    errors: [400, 401, 403, 404, 409, 410, 413, 424, 429],
  },
  // ---------------------------------------------------------------- sessions and users
  {
    method: 'get',
    path: '/session',
    operationId: 'getSession',
    tag: 'Sessions',
    summary: "Check a session's status",
    description:
      'Answers 200 for active, expired and revoked sessions alike: call it on every page load and ' +
      'look at `status`.\n' +
      sessionSemantics,
    credential: 'clientTokenAndSession',
    queryOrBody: SessionLookupInput,
    success: { status: 200, description: 'The session (also when expired or revoked).', schema: SessionDto },
    errors: [400, 401, 403, 404, 429],
  },
  {
    method: 'delete',
    path: '/session',
    operationId: 'revokeSession',
    tag: 'Sessions',
    summary: 'Sign out (revoke a session)',
    description:
      'Revoking twice is not an error. Afterwards `GET /session` says `revoked` and `GET /user` answers 403.',
    credential: 'clientTokenAndSession',
    queryOrBody: SessionLookupInput,
    success: { status: 204, description: 'Revoked.' },
    errors: [400, 401, 403, 404, 429],
  },
  {
    method: 'get',
    path: '/user',
    operationId: 'getUser',
    tag: 'Sessions',
    summary: 'Get the signed-in user',
    description: '403 `session_inactive` when the session is expired or revoked: sign the user in again.',
    credential: 'clientTokenAndSession',
    queryOrBody: SessionLookupInput,
    success: { status: 200, description: "The session's user.", schema: UserDto },
    errors: [400, 401, 403, 404, 429],
  },
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

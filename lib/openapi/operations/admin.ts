// The organization's administration of its end users and keys (secret key): a project's users
// and their sessions, and the organization's secret keys.
import {
  createdSecretKeyDtoSchema,
  createSecretKeySchema,
  secretKeyDtoSchema,
  secretKeyPathSchema,
} from '../../auth/schemas';
import { pageQuerySchema } from '../../http/pagination';
import { projectPathSchema } from '../../projects/schemas';
import {
  listUsersQuerySchema,
  projectUserDtoSchema,
  sessionPathSchema,
  userPathSchema,
  userSessionDtoSchema,
} from '../../users/schemas';
import { type Operation, pageHeaders } from './common';

const ProjectUserDto = { name: 'ProjectUserDto', schema: projectUserDtoSchema };
const UserSessionDto = { name: 'UserSessionDto', schema: userSessionDtoSchema };
const SecretKeyDto = { name: 'SecretKeyDto', schema: secretKeyDtoSchema };

const pagination =
  'At most `limit` per answer; when more remain, the answer carries `X-Next-Cursor` and `Link: <…>; rel="next"`: ' +
  'ask again with that `cursor` for the next page.';

export const adminOperations: Operation[] = [
  // ---------------------------------------------------------------- users
  {
    method: 'get',
    path: '/projects/{projectId}/users',
    operationId: 'listUsers',
    tag: 'Users',
    summary: "List a project's users",
    description:
      `The project's end users, oldest first (by \`createdAt\`, then an internal id: sign-ins do not reorder them). ${pagination} ` +
      "With `email`, only the user of that address (an array of one, or empty). Another organization's project: 404.",
    credential: 'secretKey',
    pathParams: projectPathSchema,
    query: listUsersQuerySchema,
    success: {
      status: 200,
      description: 'A page of the users.',
      schema: ProjectUserDto,
      list: true,
      headers: pageHeaders,
    },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/projects/{projectId}/users/{userHash}',
    operationId: 'getProjectUser',
    tag: 'Users',
    summary: 'Get a user',
    description: '404 for an unknown userHash, or a user of another project or organization.',
    credential: 'secretKey',
    pathParams: userPathSchema,
    success: { status: 200, description: 'The user.', schema: ProjectUserDto },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/users/{userHash}',
    operationId: 'deleteUser',
    tag: 'Users',
    summary: 'Delete a user and their sessions',
    description:
      'The user and every session of theirs are deleted at once: their session codes answer 404 from now on. ' +
      'A later sign-in of the same address creates a new user with the same `userHash`. Audited with the key as actor.',
    credential: 'secretKey',
    pathParams: userPathSchema,
    success: { status: 204, description: 'Deleted.' },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'get',
    path: '/projects/{projectId}/users/{userHash}/sessions',
    operationId: 'listUserSessions',
    tag: 'Users',
    summary: "List a user's sessions",
    description:
      `Active, expired and revoked sessions (until housekeeping purges them), oldest first. ${pagination} ` +
      'A session is named by its `id` (the `sid` its access tokens carry); its code is never answered.',
    credential: 'secretKey',
    pathParams: userPathSchema,
    query: pageQuerySchema,
    success: {
      status: 200,
      description: 'A page of the sessions.',
      schema: UserSessionDto,
      list: true,
      headers: pageHeaders,
    },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/users/{userHash}/sessions',
    operationId: 'revokeUserSessions',
    tag: 'Users',
    summary: "Revoke all of a user's sessions",
    description:
      "Every session of the user that is not revoked yet is revoked at once (the app's next `GET /session` says " +
      '`revoked`). The user stays. Audited with the key as actor.',
    credential: 'secretKey',
    pathParams: userPathSchema,
    success: { status: 204, description: 'Revoked.' },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/sessions/{sid}',
    operationId: 'revokeProjectSession',
    tag: 'Users',
    summary: 'Revoke one session',
    description:
      "Revokes the session at once (revoking a revoked one again is not an error). 404 for another project's or " +
      "organization's session. Audited with the key as actor.",
    credential: 'secretKey',
    pathParams: sessionPathSchema,
    success: { status: 204, description: 'Revoked.' },
    errors: [400, 401, 403, 404],
  },
  // ---------------------------------------------------------------- secret keys
  {
    method: 'get',
    path: '/keys',
    operationId: 'listSecretKeys',
    tag: 'Secret keys',
    summary: "List the organization's secret keys",
    description:
      'Active and revoked keys, newest first, with who made each; never a key itself (only its last four characters).',
    credential: 'secretKey',
    success: { status: 200, description: 'The keys.', schema: SecretKeyDto, list: true },
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/keys',
    operationId: 'createSecretKey',
    tag: 'Secret keys',
    summary: 'Create a secret key',
    description:
      'The answer carries the new key as `secretToken`, this once (only its SHA-256 is stored). It works at once; ' +
      'its `createdBy` names the key this request was made with. Audited with that key as actor.',
    credential: 'secretKey',
    body: { name: 'CreateSecretKeyInput', schema: createSecretKeySchema },
    success: {
      status: 201,
      description: 'The new key, with its secretToken.',
      schema: { name: 'CreatedSecretKeyDto', schema: createdSecretKeyDtoSchema },
    },
    errors: [400, 401, 403, 413],
  },
  {
    method: 'delete',
    path: '/keys/{keyId}',
    operationId: 'revokeSecretKey',
    tag: 'Secret keys',
    summary: 'Revoke a secret key',
    description:
      'The key stops working at once (401 from its next request); a key may revoke itself. 404 for an unknown, ' +
      "already revoked or another organization's key. Audited with the key of this request as actor.",
    credential: 'secretKey',
    pathParams: secretKeyPathSchema,
    success: { status: 204, description: 'Revoked.' },
    errors: [400, 401, 403, 404],
  },
];

// The fixed parts of the OpenAPI document: its error responses (one per status), security
// schemes and how each credential maps to them, and the introduction text.
import type { Operation } from './operations';

/** Error responses, one per status; `codes` are filled in from lib/errors.ts. */
export const errorResponses: Record<number, { name: string; description: string; retryAfter?: boolean }> = {
  400: {
    name: 'BadRequest',
    description: 'Malformed input: a missing or invalid field, a bad UUID or email, a body that is not JSON.',
  },
  401: { name: 'Unauthorized', description: 'No credential, or an unknown or revoked one.' },
  403: {
    name: 'Forbidden',
    description:
      "A known credential that may not do this: a project client token where the organization secret key is required, a client token of another project, an `Origin` that is not one of the project's allowedOrigins, a session that is expired or revoked (on `/user` and `/session/refresh`), a sign-in of an address that is not a user where sign-up is off (`sign_up_disabled`, on verify).",
  },
  404: {
    name: 'NotFound',
    description: "No such object for this caller (another organization's object is 404, not 403).",
  },
  409: {
    name: 'Conflict',
    description:
      'Challenge code already used (or its hosted-login session already completed); (hosted login) the workflow is not valid for this organization or was deleted; a limit such as the number of projects is reached.',
  },
  410: {
    name: 'Gone',
    description:
      "The challenge code has expired (after the server's CHALLENGE_TTL_SECONDS, 15 minutes by default), or its hosted login has (after 30 minutes).",
  },
  413: { name: 'PayloadTooLarge', description: 'The request body is larger than 1 MB.' },
  424: {
    name: 'FailedDependency',
    description:
      "Dependent workflow exception: the workflow's project is gone, or its clientRedirectUrl is no longer on the origin of one of the project's allowedOrigins or redirectUrls.",
  },
  429: { name: 'TooManyRequests', description: 'Rate limited: wait for `Retry-After` seconds.', retryAfter: true },
  500: { name: 'InternalError', description: 'Something went wrong on our side; it has been logged.' },
  502: {
    name: 'BadGateway',
    description: 'The email provider refused the message or did not answer; nothing half-done is left usable.',
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'The database cannot be reached: retry after `Retry-After` seconds.',
    retryAfter: true,
  },
};

/** Every operation may answer these. */
export const ALWAYS = [500, 503];

export const securitySchemes = {
  secretKeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'x-upid-organization-key',
    description:
      'Organization secret key `sk_…`, for your server only (projects, workflows, hosted login, users and their sessions, keys).',
  },
  secretKeyBearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'sk_…',
    description: 'The organization secret key as `Authorization: Bearer sk_…`.',
  },
  secretKeyQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'secretToken',
    description:
      'The organization secret key as `?secretToken=sk_…` (accepted for clients that can only set a URL; prefer a header: URLs end up in logs).',
  },
  clientTokenQuery: {
    type: 'apiKey',
    in: 'query',
    name: 'clientToken',
    description:
      'Project client token `ck_…`, public (safe in browser code), always together with `projectId`. May also be a JSON body field `clientToken`.',
  },
  clientTokenHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'x-client-token',
    description: 'The project client token as a header, together with `projectId`.',
  },
  sessionCodeBearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'session code',
    description: 'The session code as `Authorization: Bearer …` (instead of the `sessionCode` parameter).',
  },
} as const;

export const security: Record<Operation['credential'], Array<Record<string, string[]>>> = {
  secretKey: [{ secretKeyHeader: [] }, { secretKeyBearer: [] }, { secretKeyQuery: [] }],
  clientToken: [{ clientTokenQuery: [] }, { clientTokenHeader: [] }],
  clientTokenOrSecretKey: [
    { clientTokenQuery: [] },
    { clientTokenHeader: [] },
    { secretKeyHeader: [] },
    { secretKeyBearer: [] },
    { secretKeyQuery: [] },
  ],
  clientTokenAndSession: [
    { clientTokenQuery: [] },
    { clientTokenHeader: [] },
    { clientTokenQuery: [], sessionCodeBearer: [] },
    { clientTokenHeader: [], sessionCodeBearer: [] },
  ],
  none: [],
};

export const description = `
UAuth is passwordless sign-in with email magic links. Every request and response body is JSON.

## Credentials
| credential | who holds it | how it is sent |
|---|---|---|
| organization secret key \`sk_…\` | your server | header \`x-upid-organization-key\`, \`Authorization: Bearer sk_…\`, or query \`secretToken\` (also accepted by \`POST /challenge/send\`, with \`projectId\`); a client token in its place is 403 |
| project client token \`ck_…\` | safe in browser code | query or JSON body \`clientToken\` (or header \`x-client-token\`), always with \`projectId\` |
| challenge code | the end user, one use | \`challengeCode\`, query or JSON body |
| session code | your app, for the end user | \`sessionCode\`, query or JSON body (or \`Authorization: Bearer\`) |
| access token (JWT) | your app, short-lived | verified locally with the project's JWKS; never sent to UAuth |

The end-user endpoints (\`/challenge/*\`, \`/session\`, \`/session/refresh\`, \`/user\`) take every parameter in the query
string **or** in a JSON body. A browser request that carries an \`Origin\` header must
come from one of the project's \`allowedOrigins\` (else 403); its response then carries
\`Access-Control-Allow-Origin\` for exactly that origin. \`OPTIONS\` preflights are answered. (Trying
those endpoints from this page sends this page's origin: it works for a project whose allowedOrigins
include this server's origin, or from curl.)

## Sign-in flows
1. **Your own form**: \`POST /challenge/send\` → the user opens the emailed link and presses Continue →
   your \`redirectUrl?code=…&state=…\` (the send's \`redirectUrl\`, one of the project's \`redirectUrls\`, or the first) → your server calls \`POST /challenge/verify\` and keeps
   \`session.code\` (e.g. in an HttpOnly cookie).
2. **Hosted login page**: your server calls \`POST /uauth/session\` with a workflow and redirects the
   browser to \`getSessionUrl\`; the emailed link ends on the workflow's \`clientRedirectUrl?code=…&sessionId=…&state=…\`;
   verify the code the same way.

## Sessions: expiry, revocation, refresh
Verify answers a **session code** (the long-lived credential: keep it server-side) and an **access
token** (a JWT signed with EdDSA, valid ACCESS_TOKEN_TTL_SECONDS, 300 s by default). Your app may check
the access token locally against \`GET /projects/{projectId}/jwks.json\` (claims \`iss\`, \`aud\` = projectId,
\`sub\` = userHash, \`email\`, \`sid\`, \`exp\`) instead of calling UAuth on every page load, and get a new one
with \`POST /session/refresh\` (the session code). \`GET /session\` (200 whatever the status) and
\`GET /user\` (403 \`session_inactive\` unless active) are the authoritative online checks: **a revoked
session's access token keeps verifying until its \`exp\`**, while its refresh is refused at once.
A session is \`active\` until \`expiresAt\` — creation + the project's \`sessionValidSeconds\` or, with
\`sessionIdleSeconds\`, creation or last refresh + that, never beyond creation + \`sessionValidSeconds\` —,
\`revoked\` after \`DELETE /session\` (sign-out) and gone (404) once its project is deleted. **Expired and
revoked are final**: drop the session code (clear the cookie), treat the user as signed out and send
them through sign-in again.

## Errors
RFC 9457 problem details (\`application/problem+json\`): \`type\`, \`title\`, \`status\`, \`detail\`,
\`code\`, plus \`errors[{path, message}]\` for validation failures. An unknown path under \`/api\`
answers 404 and an unsupported method 405, both problem JSON; 429 and 503 carry \`Retry-After\`.
`.trim();

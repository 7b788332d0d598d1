// The end user's side of the REST API (client token): sending and verifying a challenge,
// the session check, refresh, the user, sign-out; and the public keys that verify access tokens.
import { z } from 'zod';
import { jwksDtoSchema } from '../../access-tokens/schemas';
import { JWKS_MAX_AGE_SECONDS } from '../../access-tokens/signing-keys';
import { sendChallengeResultSchema, sendChallengeSchema, verifyChallengeSchema } from '../../challenges/schemas';
import { projectPathSchema } from '../../projects/schemas';
import { refreshedSessionDtoSchema, verifiedDtoSchema } from '../../sessions/schemas';
import {
  accessTokenSemantics,
  clientCredentialsSchema,
  type Operation,
  SessionDto,
  SessionLookupInput,
  sendCredentialsSchema,
  sessionSemantics,
  UserDto,
} from './common';

export const endUserOperations: Operation[] = [
  // ---------------------------------------------------------------- challenges
  {
    method: 'post',
    path: '/challenge/send',
    operationId: 'sendChallenge',
    tag: 'Sign-in',
    summary: 'Email a magic link',
    description:
      "Emails a link to the magic-link landing page (valid for the server's CHALLENGE_TTL_SECONDS, 15 minutes " +
      'by default; verifies once). The same 201 ' +
      'for every valid address, known or not. Continue on that page redirects (303) to the ' +
      "`redirectUrl` the send names — one of the project's `redirectUrls`, else 400 — or, without one, the " +
      "project's first redirect URL, with `code` (and `state`). When the project has `allowSignUp: false`, " +
      'only its existing users are mailed; anyone else gets the very same 201, as late, and no email. ' +
      '502 when the email provider refused or did not answer (the link never works then).\n\n' +
      '**Credentials.** From a browser (or any client): the project client token with `projectId`; a request ' +
      "with an `Origin` must come from one of the project's allowedOrigins. From your server: the organization secret " +
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
      'counted nor refused. Keep `session.code` server-side.\n' +
      accessTokenSemantics,
    credential: 'clientToken',
    queryOrBody: { name: 'VerifyChallengeInput', schema: clientCredentialsSchema.extend(verifyChallengeSchema.shape) },
    success: {
      status: 200,
      description: 'Verified: the new session, its user, and an access token.',
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
    errors: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/session/refresh',
    operationId: 'refreshSession',
    tag: 'Sessions',
    summary: 'Refresh a session: a new access token, and a later expiry when the project slides',
    description:
      "For an active session: with the project's `sessionIdleSeconds`, `expiresAt` moves to now + " +
      'sessionIdleSeconds, never beyond `createdAt` + `sessionValidSeconds` (the absolute lifetime); without ' +
      'it, `expiresAt` stays. Either way a new access token is answered. Expired or revoked: 403 ' +
      '`session_inactive` at once (a revoked session is never refreshed); unknown code: 404. The same ' +
      'credentials and CORS rules as `GET /session`.\n' +
      accessTokenSemantics,
    credential: 'clientTokenAndSession',
    queryOrBody: SessionLookupInput,
    success: {
      status: 200,
      description: 'The active session and a new access token.',
      schema: { name: 'RefreshedSessionDto', schema: refreshedSessionDtoSchema },
    },
    errors: [400, 401, 403, 404],
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
    errors: [400, 401, 403, 404],
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
    errors: [400, 401, 403, 404],
  },
  // ---------------------------------------------------------------- access tokens
  {
    method: 'get',
    path: '/projects/{projectId}/jwks.json',
    operationId: 'getJwks',
    tag: 'Access tokens',
    summary: "The project's public signing keys (JWKS)",
    description:
      'No credential; any origin may read it. The Ed25519 public keys (`alg` EdDSA) that verify the ' +
      "project's access tokens: the key that signs now, a staged next key, and retired keys until every " +
      'token they signed has expired. Pick the key by the `kid` in the token header. Cache it for at most ' +
      `\`Cache-Control\` max-age (${JWKS_MAX_AGE_SECONDS} s): a rotated key is published here ACCESS_TOKEN_TTL_SECONDS + ` +
      `${JWKS_MAX_AGE_SECONDS} s before it signs. 404 for an unknown or deleted project.`,
    credential: 'none',
    pathParams: projectPathSchema,
    success: {
      status: 200,
      description: 'The JSON Web Key Set.',
      schema: { name: 'JwksDto', schema: jwksDtoSchema },
      headers: {
        'Cache-Control': `\`public, max-age=${JWKS_MAX_AGE_SECONDS}\``,
        'Access-Control-Allow-Origin': '`*`',
      },
    },
    errors: [400, 404],
  },
];

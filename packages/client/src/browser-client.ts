// The end-user calls, with a project's public client token: safe in browser code (the
// project's allowedOrigin must match the page), and just as usable from your server.
// Keep session codes out of URLs: they travel as `Authorization: Bearer`.
import { type ClientOptions, createRequester } from './http.js';
import type { Refreshed, SendChallengeInput, SendChallengeResult, Session, User, Verified } from './types.js';

export type BrowserClientOptions = ClientOptions & {
  projectId: string;
  /** The project's client token `ck_…`. */
  clientToken: string;
};

export function createBrowserClient(options: BrowserClientOptions) {
  if (!options.projectId || !options.clientToken)
    throw new TypeError('createBrowserClient: projectId and clientToken are required');
  const request = createRequester(options);
  const credentials = { projectId: options.projectId, clientToken: options.clientToken };
  const bearer = (sessionCode: string) => ({ authorization: `Bearer ${sessionCode}` });

  return {
    /** POST /api/challenge/send — email a magic link (201 for any valid address). */
    sendChallenge: (input: SendChallengeInput) =>
      request<SendChallengeResult>({ method: 'POST', path: '/challenge/send', body: { ...credentials, ...input } }),
    /**
     * POST /api/challenge/verify — the `code` your redirectUrl received → the session (keep
     * `session.code` server-side), its user and an access token (verify it with verifyAccessToken).
     */
    verifyChallenge: (challengeCode: string) =>
      request<Verified>({ method: 'POST', path: '/challenge/verify', body: { ...credentials, challengeCode } }),
    /**
     * GET /api/session — 200 whatever the status: check `status`. `expired` and `revoked`
     * are final: forget the code and sign the user in again.
     */
    getSession: (sessionCode: string) =>
      request<Session>({ method: 'GET', path: '/session', query: credentials, headers: bearer(sessionCode) }),
    /**
     * POST /api/session/refresh — a new access token for an active session (and, when the
     * project has sessionIdleSeconds, a later `session.expiresAt`). Throws UAuthError 403
     * `session_inactive` when expired or revoked, 404 for an unknown code: sign the user out.
     */
    refresh: (sessionCode: string) =>
      request<Refreshed>({
        method: 'POST',
        path: '/session/refresh',
        query: credentials,
        headers: bearer(sessionCode),
      }),
    /** GET /api/user — throws UAuthError 403 `session_inactive` when expired or revoked. */
    getUser: (sessionCode: string) =>
      request<User>({ method: 'GET', path: '/user', query: credentials, headers: bearer(sessionCode) }),
    /** DELETE /api/session — sign out (revoking twice is fine). */
    signOut: (sessionCode: string) =>
      request<void>({ method: 'DELETE', path: '/session', query: credentials, headers: bearer(sessionCode) }),
  };
}

export type BrowserClient = ReturnType<typeof createBrowserClient>;

// UAuth for this app: configuration from the environment, the two clients, the cookies.

import { createBrowserClient, createServerClient } from '@uauth/client';
import { NextResponse } from 'next/server';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`npm run setup\` (see README.md).`);
  return value;
}

export const config = {
  /** The UAuth server, e.g. http://localhost:3000 */
  get baseUrl() {
    return required('UAUTH_URL');
  },
  get projectId() {
    return required('UAUTH_PROJECT_ID');
  },
  /** Public: safe to hand to the browser. */
  get clientToken() {
    return required('UAUTH_CLIENT_TOKEN');
  },
  /** Only for the "Sign in with UAuth" button (hosted login page). */
  get workflowKey() {
    return required('UAUTH_WORKFLOW_KEY');
  },
};

/** End-user calls (client token): verify, session, user, sign-out. */
export function uauth() {
  return createBrowserClient({ baseUrl: config.baseUrl, projectId: config.projectId, clientToken: config.clientToken });
}

/** Secret-key calls, on the server only: starting a hosted-login session. */
export function uauthAdmin() {
  return createServerClient({ baseUrl: config.baseUrl, secretKey: required('UAUTH_SECRET_KEY') });
}

/** The session code: HttpOnly, never readable by page scripts. */
export const SESSION_COOKIE = 'uauth_session';
/** The `state` of a sign-in in progress, checked on the callback (login CSRF). */
export const STATE_COOKIE = 'uauth_state';

export function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === 'https:';
}

/**
 * A 303 to a path on this app. The Location stays relative: behind a proxy (or with
 * `next start -H`) request.url may name another host than the one the browser used.
 */
export function redirectTo(pathname: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { Location: pathname } });
}

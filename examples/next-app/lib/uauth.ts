// UAuth for this app: the configuration (from the environment) and the secret-key client.
// Sessions, the callback and sign-out use @uauth/client/next, which reads UAUTH_URL,
// UAUTH_PROJECT_ID and UAUTH_CLIENT_TOKEN itself.

import { createServerClient } from '@uauth/client';
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

/** Secret-key calls, on the server only: starting a hosted login. */
export function uauthAdmin() {
  return createServerClient({ baseUrl: config.baseUrl, secretKey: required('UAUTH_SECRET_KEY') });
}

/**
 * A 303 to a path on this app. The Location stays relative: behind a proxy (or with
 * `next start -H`) request.url may name another host than the one the browser used.
 */
export function redirectTo(pathname: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { Location: pathname } });
}

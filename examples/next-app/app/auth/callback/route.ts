// Both flows end here: UAuth redirects to the project's redirectUrl (own form) or the
// workflow's clientRedirectUrl (hosted page) with ?code=…&state=… (and sessionId).
// Verify the code on the server and keep the session code in an HttpOnly cookie.

import { isUAuthError } from '@uauth/client';
import type { NextRequest } from 'next/server';
import { isSecure, redirectTo, SESSION_COOKIE, STATE_COOKIE, uauth } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

function home(message: string) {
  const response = redirectTo(`/?message=${message}`);
  response.cookies.delete(STATE_COOKIE);
  return response;
}

export async function GET(request: NextRequest) {
  const code = request.nextUrl.searchParams.get('code');
  const state = request.nextUrl.searchParams.get('state');
  const expected = request.cookies.get(STATE_COOKIE)?.value;
  if (!code) return home('failed');
  if (!state || !expected || state !== expected) return home('bad-state');

  try {
    const { session } = await uauth().verifyChallenge(code);
    const response = redirectTo('/account');
    response.cookies.set(SESSION_COOKIE, session.code, {
      httpOnly: true,
      secure: isSecure(request),
      sameSite: 'lax',
      path: '/',
      expires: new Date(session.expiresAt),
    });
    response.cookies.delete(STATE_COOKIE);
    return response;
  } catch (error) {
    if (isUAuthError(error) && error.status === 409) return home('link-used');
    if (isUAuthError(error) && error.status === 410) return home('link-expired');
    console.error('[example] verify failed:', error);
    return home('failed');
  }
}

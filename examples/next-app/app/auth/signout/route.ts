// Sign-out: revoke the session at UAuth, then forget the cookie.

import { isUAuthError } from '@uauth/client';
import type { NextRequest } from 'next/server';
import { redirectTo, SESSION_COOKIE, uauth } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

export async function POST(request: NextRequest) {
  const sessionCode = request.cookies.get(SESSION_COOKIE)?.value;
  if (sessionCode) {
    try {
      await uauth().signOut(sessionCode);
    } catch (error) {
      // 404: already gone (e.g. the project was deleted). Anything else: still sign out here.
      if (!isUAuthError(error) || error.status !== 404) console.error('[example] sign-out failed:', error);
    }
  }
  const response = redirectTo('/?message=signed-out');
  response.cookies.delete(SESSION_COOKIE);
  return response;
}

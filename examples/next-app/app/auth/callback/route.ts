// Both flows end here: UAuth redirects to the project's redirectUrl (own form) or the
// workflow's clientRedirectUrl (hosted page) with ?code=…&state=… (and sessionId).
// completeSignIn checks `state` against the state cookie, verifies the code and sets the
// HttpOnly session cookies.

import { completeSignIn } from '@uauth/client/next';
import type { NextRequest } from 'next/server';
import { redirectTo } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const result = await completeSignIn(request.nextUrl.searchParams);
  if (!result.ok && result.reason === 'failed') console.error('[example] sign-in failed:', result.error);
  return redirectTo(result.ok ? '/account' : `/?message=${result.reason.replaceAll('_', '-')}`);
}

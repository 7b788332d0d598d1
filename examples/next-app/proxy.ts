// A cheap first gate for protected pages: no session cookie, no page. The page itself
// still asks UAuth (getUser) on every request, since only UAuth knows whether the
// session is still active. (Having its own proxy.ts also keeps the UAuth repository's
// proxy.ts, one level up from the build root, out of this app.)
import { NextResponse, type NextRequest } from 'next/server';

export function proxy(request: NextRequest): NextResponse {
  // A relative Location: behind `next start -H 127.0.0.1`, request.url says "localhost".
  if (!request.cookies.has('uauth_session')) return new NextResponse(null, { status: 303, headers: { Location: '/' } });
  return NextResponse.next();
}

export const config = { matcher: ['/account/:path*'] };

// The session is expired, revoked or unknown at UAuth: forget the cookie and start over.
// (Server components cannot change cookies, so the account page redirects here.)
import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest) {
  const response = NextResponse.redirect(new URL('/?message=expired', request.url), 303);
  response.cookies.delete(SESSION_COOKIE);
  return response;
}

// The session is expired, revoked or unknown at UAuth: forget the cookie and start over.
// (Server components cannot change cookies, so the account page redirects here.)
import type { NextRequest } from 'next/server';
import { redirectTo, SESSION_COOKIE } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

export async function GET(_request: NextRequest) {
  const response = redirectTo('/?message=expired');
  response.cookies.delete(SESSION_COOKIE);
  return response;
}

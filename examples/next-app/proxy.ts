// Signed-in pages must never be stored by a shared cache or the browser's back/forward
// cache after sign-out. (Having its own proxy.ts also keeps the UAuth repository's
// proxy.ts, one level up from this example's build root, out of this app.)
import { NextResponse } from 'next/server';

export function proxy(): NextResponse {
  const response = NextResponse.next();
  response.headers.set('Cache-Control', 'private, no-store');
  return response;
}

export const config = { matcher: ['/account/:path*'] };

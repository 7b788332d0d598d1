// The protected pages need a session before they render: uauthProxy checks the access token
// cookie locally, renews it with the session code when it has expired, and sends visitors
// without a session to the home page. Signed-in pages must also never be stored by a shared
// cache or the browser's back/forward cache after sign-out. (Having its own proxy.ts also keeps
// the UAuth repository's proxy.ts, one level up from this example's build root, out of this app.)
import { uauthProxy } from '@uauth/client/next';
import type { NextRequest } from 'next/server';

const auth = uauthProxy({ protect: ['/account/:path*'], signInPath: '/' });

export async function proxy(request: NextRequest): Promise<Response> {
  const response = await auth(request);
  response.headers.set('Cache-Control', 'private, no-store');
  return response;
}

export const config = { matcher: ['/account/:path*'] };

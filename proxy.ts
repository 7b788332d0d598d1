// Runs before Next.js routes a request (Next.js 16 "proxy", formerly middleware):
// - every page gets a fresh CSP nonce and its security headers (lib/http/page-security.ts);
// - the hosted pages (/uauth, /l/<code>) are looked up here, once: the status follows
//   (404 unknown; 410 expired or completed; 409 a used link; 424 misconfigured; 503 no
//   database) and the result goes to the page in a signed request header, so the page
//   renders its readable card without asking the database again (lib/pages/status.ts);
// - a path whose percent-encoding cannot be decoded gets a 400 here, because Next's
//   router would answer it with a bare 500 (lib/http/malformed-url.ts);
// - a form post to a page (a Server Action, the login, hosted and landing forms) over
//   64 KB (256 KB for the template editor), declared or chunked, gets a 413 here before
//   anything parses it (lib/http/form-post.ts; the route handlers and Next's Server
//   Action cap in next.config.mjs count again for requests the proxy does not see).
import { type NextRequest, NextResponse } from 'next/server';
import { pageFormTooLarge } from '@/lib/http/form-post';
import { malformedPathResponse } from '@/lib/http/malformed-url';
import { contentSecurityPolicy, newNonce, pageSecurityHeaders } from '@/lib/http/page-security';
import { PAGE_STATE_HEADER } from '@/lib/pages/page-state';
import { lookUpForProxy } from '@/lib/pages/status';

export async function proxy(request: NextRequest): Promise<Response> {
  const pathname = request.nextUrl.pathname;
  const malformed = malformedPathResponse(pathname);
  if (malformed) return malformed;
  // API routes only come here when their path has a '%' (see the matcher).
  if (pathname === '/api' || pathname.startsWith('/api/')) return NextResponse.next();
  if (request.method === 'POST') {
    const tooLarge = await pageFormTooLarge(request, pathname);
    if (tooLarge) return tooLarge;
  }

  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  // Next.js reads the nonce from the request's CSP header and puts it on its scripts.
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-nonce', nonce);
  // Only this proxy's own, signed result reaches the page (see lib/pages/page-state.ts).
  requestHeaders.delete(PAGE_STATE_HEADER);

  let status = 200;
  if (request.method === 'GET') {
    const looked = await lookUpForProxy(request.nextUrl);
    status = looked.status;
    if (looked.pageState) requestHeaders.set(PAGE_STATE_HEADER, looked.pageState);
  }
  const response = NextResponse.next({ status, request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(pageSecurityHeaders)) response.headers.set(name, value);
  if (isDashboard(pathname)) {
    // Server Actions refuse form posts with `Origin: null`, which `no-referrer` causes;
    // same-origin still sends nothing to other sites. These pages show credentials.
    response.headers.set('Referrer-Policy', 'same-origin');
    response.headers.set('Cache-Control', 'no-store');
  }
  return response;
}

const isDashboard = (pathname: string) => /^\/(dashboard|login)(\/|$)/.test(pathname);

export const config = {
  matcher: [
    {
      // pages (not /api, not static files, not prefetches)
      source: '/((?!api/|api$|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
    // /api paths only when they hold a percent sign: Next buffers the body of every
    // request its proxy sees, and API bodies must keep streaming (413 on a lying
    // Content-Length, chunked uploads).
    '/api/(.*%.*)',
  ],
};

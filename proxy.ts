// Runs before every page (not /api, not static files): gives the page a fresh CSP
// nonce and its security headers, and answers the hosted pages' dead ends with the
// status they deserve (404 unknown; 410 expired or completed; 409 a used link) while they
// still render their readable card.
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, newNonce, pageSecurityHeaders } from '@/lib/http/page-security';
import { hostedPageStatus } from '@/lib/pages/status';

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  // Next.js reads the nonce from the request's CSP header and puts it on its scripts.
  requestHeaders.set('content-security-policy', csp);
  requestHeaders.set('x-nonce', nonce);

  const status = request.method === 'GET' ? await hostedPageStatus(request.nextUrl) : 200;
  const response = NextResponse.next({ status, request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(pageSecurityHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|api$|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};

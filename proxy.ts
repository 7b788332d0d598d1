// Runs before Next.js routes a request (Next.js 16 "proxy", formerly middleware).
// Only one job: paths whose percent-encoding cannot be decoded get a 400 here, because
// Next's router would otherwise answer them with a bare 500 (lib/http/malformed-url.ts).
import { malformedPathResponse } from './lib/http/malformed-url';

export function proxy(request: Request): Response | undefined {
  return malformedPathResponse(new URL(request.url).pathname) ?? undefined;
}

export const config = {
  // Only paths with a percent sign. Next buffers the body of every request its proxy
  // sees; all others must keep streaming (413 from a lying Content-Length, chunked uploads).
  matcher: ['/(.*%.*)'],
};

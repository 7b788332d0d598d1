// Runs before Next.js routes a request (Next.js 16 "proxy", formerly middleware).
// Only one job: paths whose percent-encoding cannot be decoded get a 400 here, because
// Next's router would otherwise answer them with a bare 500 (lib/http/malformed-url.ts).
import { malformedPathResponse } from './lib/http/malformed-url';

export function proxy(request: Request): Response | undefined {
  return malformedPathResponse(new URL(request.url).pathname) ?? undefined;
}

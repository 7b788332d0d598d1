// A URL path with broken percent-encoding (`%zz`, a truncated `%E0%A4%A`, overlong
// UTF-8 such as `%C0%AF`) cannot be decoded into route parameters. Next.js then fails
// inside its router and answers a bare "500 Internal Server Error" (found by
// test/reliability/fuzz.test.ts). proxy.ts asks this module first and answers 400:
// problem JSON under /api, a small HTML page elsewhere.
import { AppError } from '../errors';
import { problem } from './respond';
import { staticPageResponse } from './static-page';

export function isMalformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** The 400 answer for a malformed path, or null when the path decodes. */
export function malformedPathResponse(pathname: string): Response | null {
  if (!isMalformedPath(pathname)) return null;
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    return problem(new AppError('invalid_request', 'The URL path is not valid percent-encoded UTF-8.'));
  }
  return staticPageResponse({
    status: 400,
    title: 'Bad request',
    heading: 'This address is not valid',
    paragraphs: [['The link may be incomplete or mistyped. Go back and try again.']],
  });
}

import { getLandingState } from '@/lib/challenges/landing';
import { getEnv } from '@/lib/env';
import { isDatabaseUnavailable } from '@/lib/errors';
import { readFormPost } from '@/lib/http/form-post';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

// POST /l/continue — the landing page's Continue button: 303 to the project's redirect
// URL with code (and state). A used, expired or unknown code goes back to the landing
// page, which says so.
export async function POST(request: Request): Promise<Response> {
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  // not a form post: treated as an unknown code
  const value = form?.get('code');
  const code = typeof value === 'string' ? value : '';
  try {
    const state = await getLandingState(code);
    const location =
      state.kind === 'ready' ? state.redirectTo : `${getEnv().APP_URL}/l/${encodeURIComponent(code || 'invalid')}`;
    return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
  } catch (error) {
    log.error('landing continue failed', { err: error });
    const status = isDatabaseUnavailable(error) ? 503 : 500;
    return new Response(
      '<!doctype html><meta charset="utf-8"><title>Try again</title><p>We could not continue your sign-in right now. Please go back and try again in a moment.</p>',
      {
        status,
        headers: {
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'no-store',
          ...(status === 503 ? { 'Retry-After': '5' } : {}),
        },
      },
    );
  }
}

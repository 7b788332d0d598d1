import { getLandingState } from '@/lib/challenges/landing';
import { formText, readFormPost, seeOther, tryAgainPage } from '@/lib/http/form-post';

export const dynamic = 'force-dynamic';

// POST /l/continue — the landing page's Continue button: 303 to the project's redirect
// URL with code (and state). A used, expired or unknown code goes back to the landing
// page, which says so.
export async function POST(request: Request): Promise<Response> {
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  // not a form post: treated as an unknown code
  const code = formText(form, 'code') ?? '';
  try {
    const state = await getLandingState(code);
    return seeOther(state.kind === 'ready' ? state.redirectTo : `/l/${encodeURIComponent(code || 'invalid')}`);
  } catch (error) {
    return tryAgainPage(error, 'landing continue');
  }
}

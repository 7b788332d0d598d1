import { isSameOriginPost, newLoginState, sendDashboardLink } from '@/lib/dashboard/login';
import { clientIp } from '@/lib/http/client-ip';
import { loginEmailCookie, loginStateCookie, setCookie } from '@/lib/http/cookies';
import { crossSiteRefused, formErrorCode, formText, readFormPost, seeOther } from '@/lib/http/form-post';
import { enforceSignInLimits } from '@/lib/rate-limit/limits';
import { emailSchema } from '@/lib/validation';

export const dynamic = 'force-dynamic';

// POST /login/submit — the dashboard login form: email a sign-in link, 303 to "check your
// email". A plain form post, so it works before (or without) JavaScript. The page after
// it is the same for every valid address, and takes as long: nothing tells whether an
// account exists or DASHBOARD_SIGNUP lets the address in. A post from another site is
// refused (403): it could otherwise sign a visitor in to someone else's account.
export async function POST(request: Request): Promise<Response> {
  const startedAt = performance.now();
  if (!isSameOriginPost(request.headers)) return crossSiteRefused('/login');
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  // not a form post (null): treated as an empty address
  const parsed = emailSchema.safeParse(formText(form, 'email') ?? '');
  if (!parsed.success) return seeOther('/login', { error: 'invalid_email' });

  const state = newLoginState();
  try {
    // per address and per client IP (RATE_LIMIT_SIGN_IN_*), before anything is sent
    await enforceSignInLimits({ email: parsed.data, ip: clientIp(request.headers) });
    await sendDashboardLink(parsed.data, state, startedAt);
  } catch (error) {
    // Nothing was sent: the state cookie of the link already in the inbox stays.
    return seeOther('/login', { error: formErrorCode(error, 'dashboard login') });
  }
  await setCookie(loginStateCookie, state);
  await setCookie(loginEmailCookie, parsed.data);
  return seeOther('/login', { sent: '1' });
}

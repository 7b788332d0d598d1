import { isSecureAppUrl } from '@/lib/dashboard/cookie';
import {
  isSameOriginPost,
  LOGIN_STATE_COOKIE,
  LOGIN_STATE_TTL_SECONDS,
  newLoginState,
  sendDashboardLink,
} from '@/lib/dashboard/login';
import { getEnv } from '@/lib/env';
import { AppError, isDatabaseUnavailable } from '@/lib/errors';
import { clientIp } from '@/lib/http/client-ip';
import { readFormPost } from '@/lib/http/form-post';
import { log } from '@/lib/log';
import { enforceSignInLimits } from '@/lib/rate-limit/limits';
import { emailSchema } from '@/lib/validation';
import { crossSiteRefused, seeOther } from '../responses';

export const dynamic = 'force-dynamic';

// POST /login/submit — the dashboard login form: email a sign-in link, 303 to "check your
// email". A plain form post, so it works before (or without) JavaScript. The page after
// it is the same for every valid address, and takes as long: nothing tells whether an
// account exists or DASHBOARD_SIGNUP lets the address in. A post from another site is
// refused (403): it could otherwise sign a visitor in to someone else's account.
export async function POST(request: Request): Promise<Response> {
  const startedAt = performance.now();
  const { APP_URL } = getEnv();
  if (!isSameOriginPost(request.headers)) return crossSiteRefused(`${APP_URL}/login`);
  // not a form post (null): treated as an empty address
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  const parsed = emailSchema.safeParse(form?.get('email') ?? '');
  if (!parsed.success) return seeOther(`${APP_URL}/login?error=invalid_email`);

  const state = newLoginState();
  let target = `${APP_URL}/login?sent=1`;
  try {
    // per address and per client IP (RATE_LIMIT_SIGN_IN_*), before anything is sent
    await enforceSignInLimits({ email: parsed.data, ip: clientIp(request.headers) });
    await sendDashboardLink(parsed.data, state, startedAt);
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') target = `${APP_URL}/login?error=wait`;
    else {
      if (!isDatabaseUnavailable(error) && !(error instanceof AppError))
        log.error('dashboard login failed', { err: error });
      target = `${APP_URL}/login?error=delivery`;
    }
  }
  const response = seeOther(target);
  // Nothing was sent: keep the state cookie of the link already in the inbox.
  if (!target.endsWith('sent=1')) return response;
  const secure = isSecureAppUrl() ? '; Secure' : '';
  response.headers.append(
    'Set-Cookie',
    `${LOGIN_STATE_COOKIE}=${state}; Path=/login; Max-Age=${LOGIN_STATE_TTL_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
  );
  response.headers.append(
    'Set-Cookie',
    `uauth_login_email=${encodeURIComponent(parsed.data)}; Path=/login; Max-Age=${LOGIN_STATE_TTL_SECONDS}; HttpOnly; SameSite=Lax${secure}`,
  );
  return response;
}

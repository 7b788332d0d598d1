import { cookies } from 'next/headers';
import { getEnv } from '@/lib/env';
import { completeDashboardSignIn, LOGIN_STATE_COOKIE } from '@/lib/dashboard/login';
import { startDashboardSession } from '@/lib/dashboard/session';

export const dynamic = 'force-dynamic';

// GET /login/callback?code&state — where the dashboard's magic link lands after
// Continue: verify the code once, find or create the account, set the session cookie.
export async function GET(request: Request): Promise<Response> {
  const { APP_URL } = getEnv();
  const url = new URL(request.url);
  const jar = await cookies();
  const outcome = await completeDashboardSignIn({
    code: url.searchParams.get('code'),
    state: url.searchParams.get('state'),
    expectedState: jar.get(LOGIN_STATE_COOKIE)?.value,
  });
  if (!outcome.ok) return seeOther(`${APP_URL}/login?error=${outcome.reason}`);
  jar.delete({ name: LOGIN_STATE_COOKIE, path: '/login' });
  jar.delete({ name: 'uauth_login_email', path: '/login' });
  await startDashboardSession(outcome.account.id);
  return seeOther(`${APP_URL}/dashboard`);
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

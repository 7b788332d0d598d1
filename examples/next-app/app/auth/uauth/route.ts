// (b) "Sign in with UAuth": start a hosted-login session on the server (secret key) and
// send the browser to UAuth's hosted page.
import { NextResponse } from 'next/server';
import { config, isSecure, redirectTo, STATE_COOKIE, uauthAdmin } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const state = crypto.randomUUID();
  try {
    const { getSessionUrl } = await uauthAdmin().createHostedLogin({ workflowKey: config.workflowKey, state });
    const response = NextResponse.redirect(getSessionUrl, 303);
    response.cookies.set(STATE_COOKIE, state, {
      path: '/',
      maxAge: 30 * 60,
      sameSite: 'lax',
      httpOnly: true,
      secure: isSecure(request),
    });
    return response;
  } catch (error) {
    console.error('[example] could not start a hosted-login session:', error);
    return redirectTo('/?message=failed');
  }
}

// (b) "Sign in with UAuth": start a hosted login on the server (secret key) and send the
// browser to UAuth's hosted page. The state cookie ties the sign-in to this browser.
import { createSignInState } from '@uauth/client/next';
import { NextResponse } from 'next/server';
import { config, redirectTo, uauthAdmin } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

export async function POST() {
  try {
    const state = await createSignInState();
    const { getSessionUrl } = await uauthAdmin().createHostedLogin({ workflowKey: config.workflowKey, state });
    return NextResponse.redirect(getSessionUrl, 303);
  } catch (error) {
    console.error('[example] could not start a hosted login:', error);
    return redirectTo('/?message=failed');
  }
}

import { cookies } from 'next/headers';
import { currentPerson, signInToDashboard } from '@/lib/dashboard/cookie';
import {
  type CallbackInput,
  completeDashboardSignIn,
  isSameOriginPost,
  LOGIN_STATE_COOKIE,
  needsAccountSwitch,
} from '@/lib/dashboard/login';
import { getEnv } from '@/lib/env';
import { readFormPost } from '@/lib/http/form-post';
import { crossSiteRefused, seeOther } from '../responses';

export const dynamic = 'force-dynamic';

// GET /login/callback?code&state — where the dashboard's magic link lands after Continue:
// verify the code once, find or create the account, set the session cookie. When this
// browser is signed in as another account, nothing is used up or replaced: the browser
// goes to /login/switch, which asks, and whose form POSTs here.
export async function GET(request: Request): Promise<Response> {
  const { APP_URL } = getEnv();
  const url = new URL(request.url);
  const input = await callbackInput(url.searchParams.get('code'), url.searchParams.get('state'));
  const person = await currentPerson();
  if (person && (await needsAccountSwitch(input, person.email))) {
    const query = new URLSearchParams({ code: input.code ?? '', state: input.state ?? '' });
    return seeOther(`${APP_URL}/login/switch?${query}`);
  }
  return complete(input);
}

// POST /login/callback (code, state) — the "sign in as B instead" confirmation: from
// UAuth's own page only, then exactly the GET's sign-in.
export async function POST(request: Request): Promise<Response> {
  const { APP_URL } = getEnv();
  if (!isSameOriginPost(request.headers)) return crossSiteRefused(`${APP_URL}/login`);
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  const field = (name: string) => {
    const value = form?.get(name);
    return typeof value === 'string' ? value : null;
  };
  return complete(await callbackInput(field('code'), field('state')));
}

async function callbackInput(code: string | null, state: string | null): Promise<CallbackInput> {
  return { code, state, expectedState: (await cookies()).get(LOGIN_STATE_COOKIE)?.value };
}

async function complete(input: CallbackInput): Promise<Response> {
  const { APP_URL } = getEnv();
  const outcome = await completeDashboardSignIn(input);
  if (!outcome.ok) return seeOther(`${APP_URL}/login?error=${outcome.reason}`);
  const jar = await cookies();
  jar.delete({ name: LOGIN_STATE_COOKIE, path: '/login' });
  jar.delete({ name: 'uauth_login_email', path: '/login' });
  await signInToDashboard(outcome.accountId, outcome.organizationId);
  return seeOther(`${APP_URL}/dashboard`);
}

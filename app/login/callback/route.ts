import { currentPerson, signInToDashboard } from '@/lib/dashboard/cookie';
import {
  type CallbackInput,
  completeDashboardSignIn,
  isSameOriginPost,
  needsAccountSwitch,
} from '@/lib/dashboard/login';
import { loginEmailCookie, loginStateCookie, readCookie, setCookie } from '@/lib/http/cookies';
import { crossSiteRefused, formText, readFormPost, seeOther } from '@/lib/http/form-post';

export const dynamic = 'force-dynamic';

// GET /login/callback?code&state — where the dashboard's magic link lands after Continue:
// verify the code once, find or create the account, set the dashboard cookie. When this
// browser is signed in as another account, nothing is used up or replaced: the browser
// goes to /login/switch, which asks, and whose form POSTs here.
export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const input = await callbackInput(url.searchParams.get('code'), url.searchParams.get('state'));
  const person = await currentPerson();
  if (person && (await needsAccountSwitch(input, person.email))) {
    return seeOther('/login/switch', { code: input.code ?? '', state: input.state ?? '' });
  }
  return complete(input);
}

// POST /login/callback (code, state) — the "sign in as B instead" confirmation: from
// UAuth's own page only, then exactly the GET's sign-in.
export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginPost(request.headers)) return crossSiteRefused('/login');
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  return complete(await callbackInput(formText(form, 'code'), formText(form, 'state')));
}

async function callbackInput(code: string | null, state: string | null): Promise<CallbackInput> {
  return { code, state, expectedState: await readCookie(loginStateCookie) };
}

async function complete(input: CallbackInput): Promise<Response> {
  const outcome = await completeDashboardSignIn(input);
  if (!outcome.ok) return seeOther('/login', { error: outcome.reason });
  await setCookie(loginStateCookie, null);
  await setCookie(loginEmailCookie, null);
  await signInToDashboard(outcome.accountId, outcome.organizationId);
  return seeOther('/dashboard');
}

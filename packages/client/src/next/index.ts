// @uauth/client/next — UAuth in a Next.js (16, App Router) app:
//   uauthProxy({ protect, signInPath })   proxy.ts: protected paths need a session; renews the access token
//   getSession({ online? })                server components, route handlers, server actions: the signed-in user
//   createSignInState()                    a random `state` in an HttpOnly cookie, before sendChallenge/createHostedLogin
//   completeSignIn(searchParams)           the callback: checks state, verifies the code, sets the cookies
//   signOut()                              revokes the session at UAuth and clears the cookies
// Configuration: arguments, else UAUTH_URL, UAUTH_PROJECT_ID, UAUTH_CLIENT_TOKEN (UAUTH_ISSUER).
export type { UAuthCookieNames, UAuthNextOptions } from './config.js';
export type { UAuthSession } from './core.js';
export { pathPattern, type UAuthProxyOptions, uauthProxy } from './proxy.js';
export {
  type CompleteSignInOptions,
  completeSignIn,
  createSignInState,
  type GetSessionOptions,
  getSession,
  type SignInFailure,
  type SignInResult,
  signOut,
} from './session.js';

// Server-side helpers over Next.js's cookies(): the session of the request, sign-in's callback,
// sign-out. Cookies can be changed in route handlers and server actions only; in a server
// component getSession still answers (the proxy keeps the cookies fresh there).
import { cookies, headers } from 'next/headers.js';
import { isUAuthError } from '../http.js';
import type { Verified } from '../types.js';
import { type ResolvedConfig, resolveConfig, type UAuthNextOptions } from './config.js';
import {
  authenticate,
  client,
  cookieOptions,
  fromSessionAnswer,
  isHttps,
  isSignedOut,
  type Renewal,
  type UAuthSession,
} from './core.js';

type CookieStore = Awaited<ReturnType<typeof cookies>>;

async function secure(config: ResolvedConfig): Promise<boolean> {
  return isHttps(config, (await headers()).get('x-forwarded-proto'));
}

/** Sets the two cookies; throws where this context may not (a server component). */
async function setSessionCookies(store: CookieStore, config: ResolvedConfig, renewal: Renewal): Promise<void> {
  const options = cookieOptions(await secure(config), renewal.sessionExpiresAt);
  store.set(config.cookies.session, renewal.sessionCode, options);
  store.set(config.cookies.accessToken, renewal.accessToken, options);
}

/** Sets the two cookies when this context may (route handler, server action); answers whether it did. */
async function storeRenewal(store: CookieStore, config: ResolvedConfig, renewal: Renewal): Promise<boolean> {
  try {
    await setSessionCookies(store, config, renewal);
    return true;
  } catch {
    // a server component: its cookies are read-only
    return false;
  }
}

function clearCookies(store: CookieStore, config: ResolvedConfig): boolean {
  try {
    store.delete(config.cookies.session);
    store.delete(config.cookies.accessToken);
    return true;
  } catch {
    return false;
  }
}

export type GetSessionOptions = UAuthNextOptions & {
  /**
   * Ask UAuth now instead of trusting a valid access token (one refresh call): a sign-out
   * anywhere shows at once, and a project's idle expiry slides. For account changes,
   * payments, admin pages. Default false: the token is checked locally.
   */
  online?: boolean;
};

/**
 * The signed-in user of this request, or null. Reads the cookies, verifies the access token
 * locally, and renews it with the session code when it is missing, expired or not valid
 * (setting the new cookies where the context allows it). Null when there is no session cookie
 * or UAuth says the session expired, was revoked or is unknown (the cookies are then cleared
 * where allowed). Throws when UAuth cannot answer (network, 429, 503) or is misconfigured.
 */
export async function getSession(options: GetSessionOptions = {}): Promise<UAuthSession | null> {
  const config = resolveConfig(options);
  const store = await cookies();
  const outcome = await authenticate(
    config,
    {
      sessionCode: store.get(config.cookies.session)?.value,
      accessToken: store.get(config.cookies.accessToken)?.value,
    },
    options.online,
  );
  if (outcome.status === 'signed_out') {
    if (store.has(config.cookies.session) || store.has(config.cookies.accessToken)) clearCookies(store, config);
    return null;
  }
  if (outcome.renewal) await storeRenewal(store, config, outcome.renewal);
  return outcome.session;
}

/**
 * Signs out: revokes the session at UAuth and clears the cookies (route handlers and server
 * actions). Resolves true when UAuth revoked it or it was already over, false when UAuth could
 * not be reached or refused the call; the cookies are cleared either way.
 */
export async function signOut(options: UAuthNextOptions = {}): Promise<boolean> {
  const config = resolveConfig(options);
  const store = await cookies();
  const sessionCode = store.get(config.cookies.session)?.value;
  clearCookies(store, config);
  if (!sessionCode) return true;
  try {
    await client(config).signOut(sessionCode);
    return true;
  } catch (error) {
    return isSignedOut(error);
  }
}

/**
 * Starts a sign-in: a random `state` in an HttpOnly cookie (30 minutes), to pass to
 * sendChallenge or createHostedLogin; completeSignIn checks it. Route handlers and server actions.
 */
export async function createSignInState(options: UAuthNextOptions = {}): Promise<string> {
  const config = resolveConfig(options);
  const state = crypto.randomUUID();
  (await cookies()).set(config.cookies.state, state, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await secure(config),
    path: '/',
    maxAge: 30 * 60,
  });
  return state;
}

/** Why a callback signed nobody in. */
export type SignInFailure =
  /** no `code` in the URL */
  | 'missing_code'
  /** `state` does not match the state cookie: started in another browser, or forged */
  | 'bad_state'
  /** the link was already used (409) */
  | 'link_used'
  /** the link, or its hosted login, expired (410) */
  | 'link_expired'
  /** a new address where the project or workflow allows no sign-up (403) */
  | 'sign_up_disabled'
  /** anything else: unknown code, UAuth unreachable, misconfiguration (see `error`) */
  | 'failed';

export type SignInResult =
  | { ok: true; session: UAuthSession; verified: Verified }
  | { ok: false; reason: SignInFailure; error?: unknown };

export type CompleteSignInOptions = UAuthNextOptions & {
  /** Compare `state` with the state cookie (default true). Turn off only if you do not set one. */
  checkState?: boolean;
};

function failureOf(error: unknown): SignInFailure {
  if (!isUAuthError(error)) return 'failed';
  if (error.code === 'challenge_used') return 'link_used';
  if (error.code === 'challenge_expired' || error.code === 'hosted_login_expired') return 'link_expired';
  if (error.code === 'sign_up_disabled') return 'sign_up_disabled';
  return 'failed';
}

/**
 * The callback's work (route handler or server action): checks `state` against the state
 * cookie, verifies `code` at UAuth, checks the access token, and sets the cookies (HttpOnly,
 * SameSite=Lax, Secure on https, Path=/, until the session expires). Pass the callback URL's
 * searchParams, or `{ code, state }`. The state cookie is cleared either way.
 */
export async function completeSignIn(
  params: URLSearchParams | { code?: string | null; state?: string | null },
  options: CompleteSignInOptions = {},
): Promise<SignInResult> {
  const config = resolveConfig(options);
  const store = await cookies();
  const code = params instanceof URLSearchParams ? params.get('code') : params.code;
  const state = params instanceof URLSearchParams ? params.get('state') : params.state;
  const expected = store.get(config.cookies.state)?.value;
  if (expected !== undefined) store.delete(config.cookies.state);
  if (!code) return { ok: false, reason: 'missing_code' };
  if (options.checkState !== false && (!state || !expected || state !== expected))
    return { ok: false, reason: 'bad_state' };

  try {
    const verified = await client(config).verifyChallenge(code);
    const { session, renewal } = await fromSessionAnswer(config, verified.session.code, verified);
    await setSessionCookies(store, config, renewal);
    return { ok: true, session, verified };
  } catch (error) {
    return { ok: false, reason: failureOf(error), error };
  }
}

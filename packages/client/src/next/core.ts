// What the proxy and getSession share: from the two cookies to a session (the access token
// checked locally, renewed with the session code when it is missing, expired or not valid).
import { type AccessTokenClaims, isAccessTokenError, verifyAccessToken } from '../access-token.js';
import { createBrowserClient } from '../browser-client.js';
import { isUAuthError } from '../http.js';
import type { Refreshed } from '../types.js';
import type { ResolvedConfig } from './config.js';

/** The signed-in user as the app sees it. */
export type UAuthSession = {
  user: {
    /** The user's id in this project (stable per address; never reveals it). */
    userHash: string;
    email: string;
  };
  /** The session's id (the `sid` claim): what the admin API lists and revokes. */
  sessionId: string;
  /**
   * When the access token behind this answer expires. The session itself may last longer
   * (it is renewed with the session code); do not cache "signed in" beyond this.
   */
  expiresAt: Date;
  /** The verified access token, e.g. to call your own APIs with. */
  accessToken: string;
};

/** New cookie values after a refresh. */
export type Renewal = { sessionCode: string; accessToken: string; sessionExpiresAt: Date };

export type Outcome = { status: 'active'; session: UAuthSession; renewal?: Renewal } | { status: 'signed_out' };

export function toSession(claims: AccessTokenClaims, accessToken: string): UAuthSession {
  return {
    user: { userHash: claims.sub, email: claims.email },
    sessionId: claims.sid,
    expiresAt: new Date(claims.exp * 1000),
    accessToken,
  };
}

export function verify(config: ResolvedConfig, token: string): Promise<AccessTokenClaims> {
  return verifyAccessToken(token, {
    baseUrl: config.baseUrl,
    projectId: config.projectId,
    issuer: config.issuer,
    fetch: config.fetch,
  });
}

export function client(config: ResolvedConfig) {
  return createBrowserClient({
    baseUrl: config.baseUrl,
    projectId: config.projectId,
    clientToken: config.clientToken,
    fetch: config.fetch,
  });
}

/** Whether UAuth says this session code is over (expired, revoked, unknown): final, sign in again. */
export function isSignedOut(error: unknown): boolean {
  return isUAuthError(error) && (error.code === 'session_inactive' || error.code === 'not_found');
}

/**
 * The session behind the cookies. Offline (the default) the access token is verified locally
 * and UAuth is asked only when it is missing, expired or not valid; `online` always asks
 * (a refresh: it knows about a sign-out at once, and slides an idle expiry). Throws when
 * UAuth cannot answer (network, 429, 503, misconfiguration); answers signed_out only when
 * UAuth says the session is over, or there is no session cookie.
 */
export async function authenticate(
  config: ResolvedConfig,
  cookies: { sessionCode: string | undefined; accessToken: string | undefined },
  online = false,
): Promise<Outcome> {
  const { sessionCode, accessToken } = cookies;
  if (!sessionCode) return { status: 'signed_out' };
  if (accessToken && !online) {
    try {
      return { status: 'active', session: toSession(await verify(config, accessToken), accessToken) };
    } catch (error) {
      // expired, altered, or signed by a key UAuth no longer publishes: renew it below
      if (!isAccessTokenError(error) || error.code === 'jwks_unavailable') throw error;
    }
  }
  let refreshed: Refreshed;
  try {
    refreshed = await client(config).refresh(sessionCode);
  } catch (error) {
    if (isSignedOut(error)) return { status: 'signed_out' };
    throw error;
  }
  return { status: 'active', ...(await fromSessionAnswer(config, sessionCode, refreshed)) };
}

/** A verify's or refresh's answer as the session and the cookies to set (its token checked like any other). */
export async function fromSessionAnswer(
  config: ResolvedConfig,
  sessionCode: string,
  answer: { accessToken: string; session: { expiresAt: string } },
): Promise<{ session: UAuthSession; renewal: Renewal }> {
  const claims = await verify(config, answer.accessToken);
  return {
    session: toSession(claims, answer.accessToken),
    renewal: { sessionCode, accessToken: answer.accessToken, sessionExpiresAt: new Date(answer.session.expiresAt) },
  };
}

export type CookieOptions = {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  expires: Date;
};

export function cookieOptions(secure: boolean, expires: Date): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', expires };
}

/** Whether the request came over https, as Next.js records it (`x-forwarded-proto`, set on every request). */
export function isHttps(config: ResolvedConfig, forwardedProto: string | null, url?: string): boolean {
  if (config.secureCookies !== undefined) return config.secureCookies;
  const proto = forwardedProto?.split(',')[0]?.trim().toLowerCase();
  if (proto) return proto === 'https';
  return url ? new URL(url).protocol === 'https:' : false;
}

// Every cookie UAuth sets, in one place, with the flags they all share: HttpOnly (no
// script reads them), SameSite=Lax (not sent with another site's form posts), Secure when
// APP_URL is https, and the narrowest Path that works. They are set and read through
// Next's cookies(), like the dashboard cookie (iron-session), so a response never mixes
// hand-built Set-Cookie headers with it.
import { cookies } from 'next/headers';
import { getEnv } from '../env';

/** A cookie: its name, the path it is sent to, and how long the browser keeps it. */
export type CookieSpec = { name: string; path: string; maxAgeSeconds: number };

/** The dashboard cookie: an iron-session seal (lib/dashboard/cookie.ts). */
export const dashboardCookie: CookieSpec = { name: 'uauth_dashboard', path: '/', maxAgeSeconds: 7 * 24 * 3600 };

/** Ties a dashboard sign-in link to the browser that asked for it (login CSRF). */
export const loginStateCookie: CookieSpec = { name: 'uauth_login_state', path: '/login', maxAgeSeconds: 30 * 60 };

/** The address the login form sent a link to, for "check your email" without it in the URL. */
export const loginEmailCookie: CookieSpec = { name: 'uauth_login_email', path: '/login', maxAgeSeconds: 30 * 60 };

/** The address a hosted login's form sent a link to, one cookie per hosted login (30 minutes, its lifetime). */
export function hostedEmailCookie(sessionId: string): CookieSpec {
  return { name: `uauth_email_${sessionId.replace(/[^0-9a-f]/g, '')}`, path: '/uauth', maxAgeSeconds: 30 * 60 };
}

export function isSecureAppUrl(): boolean {
  return getEnv().APP_URL.startsWith('https:');
}

/** The attributes every cookie gets (iron-session takes them as its cookieOptions). */
export function cookieAttributes(spec: CookieSpec) {
  return { httpOnly: true, sameSite: 'lax', secure: isSecureAppUrl(), path: spec.path } as const;
}

/** Sets a cookie on the response being built (route handler, Server Action); null deletes it. */
export async function setCookie(spec: CookieSpec, value: string | null): Promise<void> {
  const jar = await cookies();
  if (value === null) jar.delete({ name: spec.name, path: spec.path });
  else jar.set(spec.name, value, { ...cookieAttributes(spec), maxAge: spec.maxAgeSeconds });
}

/** A cookie of the request being answered; undefined when absent or empty. */
export async function readCookie(spec: CookieSpec): Promise<string | undefined> {
  return (await cookies()).get(spec.name)?.value || undefined;
}

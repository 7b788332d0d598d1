// uauthProxy: the app's proxy.ts (Next.js 16) guards the protected paths before they render.
import { type NextRequest, NextResponse } from 'next/server.js';
import { resolveConfig, type UAuthNextOptions } from './config.js';
import { authenticate, cookieOptions, isHttps, type Renewal } from './core.js';

export type UAuthProxyOptions = UAuthNextOptions & {
  /**
   * The paths that need a session: Next.js matcher patterns (`/account`, `/account/:path*`,
   * `/orders/:id`, `/admin/:rest+`) or regular expressions, tested against the pathname.
   */
  protect: Array<string | RegExp>;
  /** Where a request for a protected path without a valid session is redirected (307). */
  signInPath: string;
  /**
   * The answer when UAuth cannot be asked (network, 429, 503, misconfiguration) for a
   * protected path. Default: 503 "try again". The cookies are left alone.
   */
  onError?: (error: unknown, request: NextRequest) => Response | Promise<Response>;
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A Next.js matcher pattern as a regular expression over the pathname. */
export function pathPattern(pattern: string): RegExp {
  let source = '';
  for (const segment of pattern.split('/').filter(Boolean)) {
    const param = /^:\w+([*+?])?$/.exec(segment);
    if (!param) source += `/${escapeRegExp(segment)}`;
    else if (param[1] === '*') source += '(?:/.*)?';
    else if (param[1] === '+') source += '/.+';
    else if (param[1] === '?') source += '(?:/[^/]+)?';
    else source += '/[^/]+';
  }
  return new RegExp(`^${source}/?$`);
}

function serviceUnavailable(): Response {
  return new NextResponse('Sign-in is unavailable right now. Try again in a moment.', {
    status: 503,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '5' },
  });
}

/** The request's Cookie header with some values replaced, for the render behind the proxy. */
function cookieHeader(request: NextRequest, replaced: Record<string, string>): string {
  const jar = new Map(request.cookies.getAll().map((cookie) => [cookie.name, cookie.value]));
  for (const [name, value] of Object.entries(replaced)) jar.set(name, value);
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/**
 * The proxy for the app's `proxy.ts`. For a protected path it reads the session cookie and
 * the access token cookie, verifies the token locally and passes the request on; when the
 * token is missing, expired or not valid it renews it with the session code, sets the new
 * cookies on the response (and on the request the page renders with); when there is no
 * session or UAuth says it is over, it clears the cookies and redirects to `signInPath`.
 * Other paths pass untouched.
 *
 *   const auth = uauthProxy({ protect: ['/account/:path*'], signInPath: '/' });
 *   export function proxy(request: NextRequest) { return auth(request); }
 *   export const config = { matcher: ['/account/:path*'] };
 */
export function uauthProxy(options: UAuthProxyOptions): (request: NextRequest) => Promise<Response> {
  const patterns = options.protect.map((p) => (typeof p === 'string' ? pathPattern(p) : p));
  if (!options.signInPath?.startsWith('/')) throw new TypeError('uauthProxy: signInPath must be a path, e.g. "/login"');

  return async (request) => {
    const { pathname } = request.nextUrl;
    if (!patterns.some((pattern) => pattern.test(pathname))) return NextResponse.next();
    let outcome: Awaited<ReturnType<typeof authenticate>>;
    let config: ReturnType<typeof resolveConfig>;
    try {
      config = resolveConfig(options);
      outcome = await authenticate(config, {
        sessionCode: request.cookies.get(config.cookies.session)?.value,
        accessToken: request.cookies.get(config.cookies.accessToken)?.value,
      });
    } catch (error) {
      return options.onError ? options.onError(error, request) : serviceUnavailable();
    }

    if (outcome.status === 'signed_out') {
      const response = NextResponse.redirect(new URL(options.signInPath, request.url), 307);
      for (const name of [config.cookies.session, config.cookies.accessToken])
        if (request.cookies.has(name)) response.cookies.delete(name);
      return response;
    }
    if (!outcome.renewal) return NextResponse.next();
    return renewed(request, config, outcome.renewal);
  };
}

function renewed(request: NextRequest, config: ReturnType<typeof resolveConfig>, renewal: Renewal): Response {
  const values = { [config.cookies.session]: renewal.sessionCode, [config.cookies.accessToken]: renewal.accessToken };
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('cookie', cookieHeader(request, values));
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  const secure = isHttps(config, request.headers.get('x-forwarded-proto'), request.url);
  for (const [name, value] of Object.entries(values))
    response.cookies.set(name, value, cookieOptions(secure, renewal.sessionExpiresAt));
  return response;
}

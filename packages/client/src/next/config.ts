// The configuration of the Next.js helpers: arguments first, then the environment, read on
// every call (never at import, so a build without the variables works).
import type { FetchLike } from '../http.js';

export type UAuthCookieNames = {
  /** The session code (the long-lived credential). Default `uauth_session`. */
  session?: string;
  /** The access token (a JWT, checked locally). Default `uauth_access`. */
  accessToken?: string;
  /** The `state` of a sign-in in progress (login CSRF). Default `uauth_state`. */
  state?: string;
};

export type UAuthNextOptions = {
  /** The UAuth server, e.g. `https://auth.example.com`. Default: `UAUTH_URL`. */
  baseUrl?: string;
  /** The project. Default: `UAUTH_PROJECT_ID`. */
  projectId?: string;
  /** The project's public client token `ck_…`. Default: `UAUTH_CLIENT_TOKEN`. */
  clientToken?: string;
  /** The `iss` of the access tokens: UAuth's APP_URL. Default: `UAUTH_ISSUER`, else `baseUrl`. */
  issuer?: string;
  cookies?: UAuthCookieNames;
  /** Whether cookies get `Secure`. Default: when the request came over https (`x-forwarded-proto`). */
  secureCookies?: boolean;
  /** A fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
};

export type ResolvedConfig = {
  baseUrl: string;
  projectId: string;
  clientToken: string;
  issuer: string | undefined;
  cookies: Required<UAuthCookieNames>;
  secureCookies: boolean | undefined;
  fetch: FetchLike | undefined;
};

function fromEnv(name: string): string | undefined {
  const value = typeof process === 'undefined' ? undefined : process.env[name];
  return value ? value : undefined;
}

function required(value: string | undefined, option: string, variable: string): string {
  if (!value) throw new Error(`@uauth/client/next: set ${variable} (or pass \`${option}\`).`);
  return value;
}

export function resolveConfig(options: UAuthNextOptions = {}): ResolvedConfig {
  return {
    baseUrl: required(options.baseUrl ?? fromEnv('UAUTH_URL'), 'baseUrl', 'UAUTH_URL'),
    projectId: required(options.projectId ?? fromEnv('UAUTH_PROJECT_ID'), 'projectId', 'UAUTH_PROJECT_ID'),
    clientToken: required(options.clientToken ?? fromEnv('UAUTH_CLIENT_TOKEN'), 'clientToken', 'UAUTH_CLIENT_TOKEN'),
    issuer: options.issuer ?? fromEnv('UAUTH_ISSUER'),
    cookies: {
      session: options.cookies?.session ?? 'uauth_session',
      accessToken: options.cookies?.accessToken ?? 'uauth_access',
      state: options.cookies?.state ?? 'uauth_state',
    },
    secureCookies: options.secureCookies,
    fetch: options.fetch,
  };
}

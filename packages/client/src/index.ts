// @uauth/client — UAuth's typed client: plain fetch, Node 20+ and browsers.
//   createServerClient({ baseUrl, secretKey })               your server: projects, workflows, hosted logins,
//                                                            users and their sessions, keys
//   createBrowserClient({ baseUrl, projectId, clientToken }) sign-in, session, user, refresh, sign-out
//   verifyAccessToken(token, { baseUrl, projectId })         the access token, checked locally (JWKS, jose)
// Every non-2xx answer throws a UAuthError carrying the problem JSON. Next.js helpers: '@uauth/client/next'.
export {
  type AccessTokenClaims,
  AccessTokenError,
  type AccessTokenErrorCode,
  createTokenVerifier,
  isAccessTokenError,
  type TokenVerifier,
  type TokenVerifierOptions,
  type VerifyOptions,
  verifyAccessToken,
} from './access-token.js';
export { type BrowserClient, type BrowserClientOptions, createBrowserClient } from './browser-client.js';
export { type ClientOptions, type FetchLike, isUAuthError, UAuthError, type UAuthErrorCode } from './http.js';
export { createServerClient, type ServerClient, type ServerClientOptions } from './server-client.js';
export type * from './types.js';

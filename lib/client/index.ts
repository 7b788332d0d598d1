// UAuth's typed client: plain fetch, no runtime dependency, Node and browsers.
//   createServerClient({ baseUrl, secretKey })             — your server: projects, workflows, hosted login
//   createBrowserClient({ baseUrl, projectId, clientToken }) — sign-in, sessions, users, sign-out
// Every non-2xx answer throws a UAuthError carrying the problem JSON. See docs/API-CLIENT.md.
export { createBrowserClient, type BrowserClient, type BrowserClientOptions } from './browser-client';
export { UAuthError, isUAuthError, type ClientOptions, type FetchLike, type UAuthErrorCode } from './http';
export { createServerClient, type ServerClient, type ServerClientOptions } from './server-client';
export type * from './types';

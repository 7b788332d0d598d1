// UAuth's typed client: plain fetch, no runtime dependency, Node and browsers.
//   createServerClient({ baseUrl, secretKey })             — your server: projects, workflows, hosted login,
//                                                            users and their sessions, keys
//   createBrowserClient({ baseUrl, projectId, clientToken }) — sign-in, sessions, users, sign-out
// Every non-2xx answer throws a UAuthError carrying the problem JSON. See docs/API-CLIENT.md.
export { type BrowserClient, type BrowserClientOptions, createBrowserClient } from './browser-client';
export { type ClientOptions, type FetchLike, isUAuthError, UAuthError, type UAuthErrorCode } from './http';
export { createServerClient, type ServerClient, type ServerClientOptions } from './server-client';
export type * from './types';

// For your server only: the organization secret key manages projects and workflows, starts
// hosted-login sessions, and administers a project's users and their sessions and the
// organization's keys. Never ship the secret key to a browser.
import { type ClientOptions, createRequester } from './http.js';
import type {
  CreatedSecretKey,
  CreateHostedLoginInput,
  CreateSecretKeyInput,
  HostedLogin,
  HostedLoginUrl,
  PageQuery,
  Project,
  ProjectInput,
  ProjectUser,
  SecretKey,
  UserSession,
  Workflow,
  WorkflowInput,
} from './types.js';

export type ServerClientOptions = ClientOptions & {
  /** The organization secret key `sk_…` (sent as `x-upid-organization-key`). */
  secretKey: string;
};

const seg = encodeURIComponent;

/** A list's query string: limit, cursor (and filters), absent values left out. */
function listQuery(query: PageQuery & { email?: string } = {}) {
  return {
    limit: query.limit === undefined ? undefined : String(query.limit),
    cursor: query.cursor,
    email: query.email,
  };
}

export function createServerClient(options: ServerClientOptions) {
  if (!options.secretKey) throw new TypeError('createServerClient: secretKey is required');
  const request = createRequester(options);
  const headers = { 'x-upid-organization-key': options.secretKey };
  const projectPath = (projectId: string) => `/projects/${seg(projectId)}`;
  const workflowPath = (projectId: string, workflowKey: string) =>
    `${projectPath(projectId)}/workflows/${seg(workflowKey)}`;
  const userPath = (projectId: string, userHash: string) => `${projectPath(projectId)}/users/${seg(userHash)}`;

  return {
    projects: {
      /** GET /api/projects */
      list: () => request<Project[]>({ method: 'GET', path: '/projects', headers }),
      /** POST /api/projects */
      create: (input: ProjectInput) => request<Project>({ method: 'POST', path: '/projects', body: input, headers }),
      /** GET /api/projects/{projectId} */
      get: (projectId: string) => request<Project>({ method: 'GET', path: projectPath(projectId), headers }),
      /** PUT /api/projects/{projectId} — replaces every setting */
      update: (projectId: string, input: ProjectInput) =>
        request<Project>({ method: 'PUT', path: projectPath(projectId), body: input, headers }),
      /** DELETE /api/projects/{projectId} */
      delete: (projectId: string) => request<void>({ method: 'DELETE', path: projectPath(projectId), headers }),
    },
    workflows: {
      /** GET /api/projects/{projectId}/workflows */
      list: (projectId: string) =>
        request<Workflow[]>({ method: 'GET', path: `${projectPath(projectId)}/workflows`, headers }),
      /** POST /api/projects/{projectId}/workflows */
      create: (projectId: string, input: WorkflowInput) =>
        request<Workflow>({ method: 'POST', path: `${projectPath(projectId)}/workflows`, body: input, headers }),
      /** GET /api/projects/{projectId}/workflows/{workflowKey} */
      get: (projectId: string, workflowKey: string) =>
        request<Workflow>({ method: 'GET', path: workflowPath(projectId, workflowKey), headers }),
      /** PUT /api/projects/{projectId}/workflows/{workflowKey} */
      update: (projectId: string, workflowKey: string, input: WorkflowInput) =>
        request<Workflow>({ method: 'PUT', path: workflowPath(projectId, workflowKey), body: input, headers }),
      /** DELETE /api/projects/{projectId}/workflows/{workflowKey} */
      delete: (projectId: string, workflowKey: string) =>
        request<void>({ method: 'DELETE', path: workflowPath(projectId, workflowKey), headers }),
    },
    /**
     * POST /api/uauth/session — start a hosted-login session; redirect the browser to
     * `getSessionUrl`. `sessionId` is that URL's sessionId, for your own bookkeeping.
     */
    createHostedLogin: async (input: CreateHostedLoginInput): Promise<HostedLoginUrl & { sessionId: string }> => {
      const result = await request<HostedLoginUrl>({ method: 'POST', path: '/uauth/session', body: input, headers });
      return { ...result, sessionId: new URL(result.getSessionUrl).searchParams.get('sessionId') ?? '' };
    },
    /** GET /api/uauth/session/{sessionId} */
    getHostedLogin: (sessionId: string) =>
      request<HostedLogin>({ method: 'GET', path: `/uauth/session/${seg(sessionId)}`, headers }),
    users: {
      /**
       * GET /api/projects/{projectId}/users — one page (oldest first); pass `nextCursor` as
       * `cursor` for the next. With `email`, only that address's user.
       */
      list: (projectId: string, query?: PageQuery & { email?: string }) =>
        request.page<ProjectUser>({
          method: 'GET',
          path: `${projectPath(projectId)}/users`,
          query: listQuery(query),
          headers,
        }),
      /** GET /api/projects/{projectId}/users/{userHash} */
      get: (projectId: string, userHash: string) =>
        request<ProjectUser>({ method: 'GET', path: userPath(projectId, userHash), headers }),
      /** DELETE /api/projects/{projectId}/users/{userHash} — the user and their sessions */
      delete: (projectId: string, userHash: string) =>
        request<void>({ method: 'DELETE', path: userPath(projectId, userHash), headers }),
      /** GET /api/projects/{projectId}/users/{userHash}/sessions — one page (oldest first) */
      listSessions: (projectId: string, userHash: string, query?: PageQuery) =>
        request.page<UserSession>({
          method: 'GET',
          path: `${userPath(projectId, userHash)}/sessions`,
          query: listQuery(query),
          headers,
        }),
      /** DELETE /api/projects/{projectId}/users/{userHash}/sessions — revoke them all */
      revokeSessions: (projectId: string, userHash: string) =>
        request<void>({ method: 'DELETE', path: `${userPath(projectId, userHash)}/sessions`, headers }),
    },
    sessions: {
      /** DELETE /api/projects/{projectId}/sessions/{sid} — revoke one session */
      revoke: (projectId: string, sid: string) =>
        request<void>({ method: 'DELETE', path: `${projectPath(projectId)}/sessions/${seg(sid)}`, headers }),
    },
    keys: {
      /** GET /api/keys — newest first, never a key itself */
      list: () => request<SecretKey[]>({ method: 'GET', path: '/keys', headers }),
      /** POST /api/keys — `secretToken` is shown this once */
      create: (input: CreateSecretKeyInput) =>
        request<CreatedSecretKey>({ method: 'POST', path: '/keys', body: input, headers }),
      /** DELETE /api/keys/{keyId} — at once; a key may revoke itself */
      revoke: (keyId: string) => request<void>({ method: 'DELETE', path: `/keys/${seg(keyId)}`, headers }),
    },
  };
}

export type ServerClient = ReturnType<typeof createServerClient>;

// For your server only: the organization secret key manages projects and workflows and
// starts hosted-login sessions. Never ship the secret key to a browser.
import { type ClientOptions, createRequester } from './http';
import type {
  CreateHostedLoginInput,
  HostedLogin,
  HostedLoginUrl,
  Project,
  ProjectInput,
  Workflow,
  WorkflowInput,
} from './types';

export type ServerClientOptions = ClientOptions & {
  /** The organization secret key `sk_…` (sent as `x-upid-organization-key`). */
  secretKey: string;
};

const seg = encodeURIComponent;

export function createServerClient(options: ServerClientOptions) {
  if (!options.secretKey) throw new TypeError('createServerClient: secretKey is required');
  const request = createRequester(options);
  const headers = { 'x-upid-organization-key': options.secretKey };
  const projectPath = (projectId: string) => `/projects/${seg(projectId)}`;
  const workflowPath = (projectId: string, workflowKey: string) =>
    `${projectPath(projectId)}/workflows/${seg(workflowKey)}`;

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
  };
}

export type ServerClient = ReturnType<typeof createServerClient>;

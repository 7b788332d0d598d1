// The organization's side of the REST API (secret key): projects and their workflows, and
// the hosted logins apps start with a workflow.
import { pageQuerySchema } from '../../http/pagination';
import { projectPathSchema } from '../../projects/schemas';
import {
  createHostedLoginSchema,
  hostedLoginCreatedSchema,
  hostedLoginDtoSchema,
  hostedLoginPathSchema,
  workflowPathSchema,
} from '../../workflows/schemas';
import { CreateProjectDto, type Operation, ProjectDto, pageHeaders, WorkflowDto, WorkflowInput } from './common';

export const projectOperations: Operation[] = [
  // ---------------------------------------------------------------- projects
  {
    method: 'get',
    path: '/projects',
    operationId: 'listProjects',
    tag: 'Projects',
    summary: 'List projects',
    description:
      "The projects of the secret key's organization, oldest first (by `createdAt`, then `id`), at most `limit` " +
      'per answer. When more remain, the answer carries `X-Next-Cursor` and `Link: <…>; rel="next"`: ask again ' +
      'with that `cursor` for the next page.',
    credential: 'secretKey',
    query: pageQuerySchema,
    success: {
      status: 200,
      description: 'A page of the projects.',
      schema: ProjectDto,
      list: true,
      headers: pageHeaders,
    },
    errors: [400, 401, 403],
  },
  {
    method: 'post',
    path: '/projects',
    operationId: 'createProject',
    tag: 'Projects',
    summary: 'Create a project',
    description:
      'A project gets its own client token, users and sessions. 409 `limit_reached` when the organization ' +
      'already has `MAX_PROJECTS_PER_ORGANIZATION` projects (100 by default).',
    credential: 'secretKey',
    body: CreateProjectDto,
    success: { status: 201, description: 'The new project.', schema: ProjectDto },
    errors: [400, 401, 403, 409, 413],
  },
  {
    method: 'get',
    path: '/projects/{projectId}',
    operationId: 'getProject',
    tag: 'Projects',
    summary: 'Get a project',
    description: "Another organization's project answers 404.",
    credential: 'secretKey',
    pathParams: projectPathSchema,
    success: { status: 200, description: 'The project.', schema: ProjectDto },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'put',
    path: '/projects/{projectId}',
    operationId: 'updateProject',
    tag: 'Projects',
    summary: 'Replace a project',
    description: 'Replaces every setting: an omitted optional field returns to its default.',
    credential: 'secretKey',
    pathParams: projectPathSchema,
    body: CreateProjectDto,
    success: { status: 200, description: 'The updated project.', schema: ProjectDto },
    errors: [400, 401, 403, 404, 413],
  },
  {
    method: 'delete',
    path: '/projects/{projectId}',
    operationId: 'deleteProject',
    tag: 'Projects',
    summary: 'Delete a project',
    description: "The project's challenges, sessions, users and workflows stop working at once.",
    credential: 'secretKey',
    pathParams: projectPathSchema,
    success: { status: 204, description: 'Deleted.' },
    errors: [400, 401, 403, 404],
  },
  // ---------------------------------------------------------------- workflows
  {
    method: 'get',
    path: '/projects/{projectId}/workflows',
    operationId: 'listWorkflows',
    tag: 'Workflows',
    summary: "List a project's workflows",
    description:
      'Oldest first (by `createdAt`, then `id`), at most `limit` per answer. When more remain, the answer carries ' +
      '`X-Next-Cursor` and `Link: <…>; rel="next"`: ask again with that `cursor` for the next page.',
    credential: 'secretKey',
    pathParams: projectPathSchema,
    query: pageQuerySchema,
    success: {
      status: 200,
      description: 'A page of the workflows.',
      schema: WorkflowDto,
      list: true,
      headers: pageHeaders,
    },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'post',
    path: '/projects/{projectId}/workflows',
    operationId: 'createWorkflow',
    tag: 'Workflows',
    summary: 'Create a workflow',
    description: 'A workflow names a policy and where the hosted login page sends the user back to.',
    credential: 'secretKey',
    pathParams: projectPathSchema,
    body: WorkflowInput,
    success: { status: 201, description: 'The new workflow.', schema: WorkflowDto },
    errors: [400, 401, 403, 404, 413],
  },
  {
    method: 'get',
    path: '/projects/{projectId}/workflows/{workflowKey}',
    operationId: 'getWorkflow',
    tag: 'Workflows',
    summary: 'Get a workflow',
    credential: 'secretKey',
    pathParams: workflowPathSchema,
    success: { status: 200, description: 'The workflow.', schema: WorkflowDto },
    errors: [400, 401, 403, 404],
  },
  {
    method: 'put',
    path: '/projects/{projectId}/workflows/{workflowKey}',
    operationId: 'updateWorkflow',
    tag: 'Workflows',
    summary: 'Replace a workflow',
    credential: 'secretKey',
    pathParams: workflowPathSchema,
    body: WorkflowInput,
    success: { status: 200, description: 'The updated workflow.', schema: WorkflowDto },
    errors: [400, 401, 403, 404, 413],
  },
  {
    method: 'delete',
    path: '/projects/{projectId}/workflows/{workflowKey}',
    operationId: 'deleteWorkflow',
    tag: 'Workflows',
    summary: 'Delete a workflow',
    description: 'New hosted-page sessions for it answer 409.',
    credential: 'secretKey',
    pathParams: workflowPathSchema,
    success: { status: 204, description: 'Deleted.' },
    errors: [400, 401, 403, 404],
  },
  // ---------------------------------------------------------------- hosted login (UAuth)
  {
    method: 'post',
    path: '/uauth/session',
    operationId: 'createHostedLogin',
    tag: 'Hosted login',
    summary: 'Start a hosted-login session',
    description:
      "Starts a hosted login (30 minutes, completes once) and answers the hosted login page's URL. " +
      "Redirect the user's browser there; after the emailed link and Continue, the browser lands on the " +
      "workflow's `clientRedirectUrl` with `code`, `sessionId` and `state`: verify the code with " +
      '`POST /challenge/verify` as usual. 409 when the workflow is unknown, deleted or another ' +
      "organization's; 424 when its project was deleted, or when its `clientRedirectUrl` is no longer on the " +
      "origin of one of the project's `allowedOrigins` or `redirectUrls` (the project's origins changed: update the workflow).",
    credential: 'secretKey',
    body: { name: 'CreateHostedLoginInput', schema: createHostedLoginSchema },
    success: {
      status: 201,
      description: 'The hosted login page for this session.',
      schema: { name: 'HostedLoginUrl', schema: hostedLoginCreatedSchema },
    },
    errors: [400, 401, 403, 409, 413, 424],
  },
  {
    method: 'get',
    path: '/uauth/session/{sessionId}',
    operationId: 'getHostedLogin',
    tag: 'Hosted login',
    summary: 'Get a hosted-login session',
    description: "404 for an unknown, expired or another organization's session.",
    credential: 'secretKey',
    pathParams: hostedLoginPathSchema,
    success: {
      status: 200,
      description: 'The hosted login.',
      schema: { name: 'HostedLoginDto', schema: hostedLoginDtoSchema },
    },
    errors: [400, 401, 403, 404],
  },
];

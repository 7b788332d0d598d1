import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json, noContent } from '@/lib/http/respond';
import { deleteProject, getProject, toProjectDto, updateProject } from '@/lib/projects/projects';
import { createProjectSchema, projectPathSchema as paramsSchema } from '@/lib/projects/schemas';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'PUT', 'DELETE'];
type Params = { projectId: string };

// GET /api/projects/{projectId} — one project
export const GET = withSecretKey<Params>(async ({ organizationId, params }) => {
  const { projectId } = parseInput(paramsSchema, params);
  return json(toProjectDto(await getProject(organizationId, projectId)));
});

// PUT /api/projects/{projectId} — replace a project's settings
export const PUT = withSecretKey<Params>(async ({ organizationId, actor, params, body }) => {
  const { projectId } = parseInput(paramsSchema, params);
  const input = parseInput(createProjectSchema, body ?? {});
  return json(toProjectDto(await updateProject(organizationId, projectId, input, actor)));
});

// DELETE /api/projects/{projectId} — delete a project; its codes and sessions stop working
export const DELETE = withSecretKey<Params>(async ({ organizationId, actor, params }) => {
  const { projectId } = parseInput(paramsSchema, params);
  await deleteProject(organizationId, projectId, actor);
  return noContent();
});

export const POST = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);

import { json, } from '@/lib/http/respond';
import { parseInput } from '@/lib/http/input';
import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { createProject, listProjects, toProjectDto } from '@/lib/projects/projects';
import { createProjectSchema } from '@/lib/projects/schemas';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'POST'];

// GET /api/projects — the organization's projects
export const GET = withSecretKey(async ({ organizationId }) =>
  json((await listProjects(organizationId)).map(toProjectDto)),
);

// POST /api/projects — create a project
export const POST = withSecretKey(async ({ organizationId, body }) => {
  const input = parseInput(createProjectSchema, body ?? {});
  return json(toProjectDto(await createProject(organizationId, input)), 201);
});

export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

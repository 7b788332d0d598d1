import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { pageHeaders, pageQuerySchema } from '@/lib/http/pagination';
import { json } from '@/lib/http/respond';
import { createProject, listProjects, toProjectDto } from '@/lib/projects/projects';
import { createProjectSchema } from '@/lib/projects/schemas';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'POST'];

// GET /api/projects — a page of the organization's projects (?limit, ?cursor; X-Next-Cursor and Link when more remain)
export const GET = withSecretKey(async ({ organizationId, query, url }) => {
  const page = await listProjects(organizationId, parseInput(pageQuerySchema, query));
  return json(page.items.map(toProjectDto), 200, pageHeaders(url, page.nextCursor));
});

// POST /api/projects — create a project (409 limit_reached beyond MAX_PROJECTS_PER_ORGANIZATION)
export const POST = withSecretKey(async ({ organizationId, actor, body }) => {
  const input = parseInput(createProjectSchema, body ?? {});
  return json(toProjectDto(await createProject(organizationId, input, actor)), 201);
});

export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

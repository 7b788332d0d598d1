import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { pageHeaders, pageQuerySchema } from '@/lib/http/pagination';
import { json } from '@/lib/http/respond';
import { getProject } from '@/lib/projects/projects';
import { projectPathSchema as paramsSchema } from '@/lib/projects/schemas';
import { workflowInputSchema } from '@/lib/workflows/schemas';
import { createWorkflow, listWorkflows, toWorkflowDto } from '@/lib/workflows/workflows';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'POST'];
type Params = { projectId: string };

// GET /api/projects/{projectId}/workflows — a page of the project's workflows (?limit, ?cursor;
// X-Next-Cursor and Link when more remain)
export const GET = withSecretKey<Params>(async ({ organizationId, params, query, url }) => {
  const { projectId } = parseInput(paramsSchema, params);
  const project = await getProject(organizationId, projectId);
  const page = await listWorkflows(project, parseInput(pageQuerySchema, query));
  return json(page.items.map(toWorkflowDto), 200, pageHeaders(url, page.nextCursor));
});

// POST /api/projects/{projectId}/workflows — create a workflow
export const POST = withSecretKey<Params>(async ({ organizationId, actor, params, body }) => {
  const { projectId } = parseInput(paramsSchema, params);
  const input = parseInput(workflowInputSchema, body ?? {});
  return json(toWorkflowDto(await createWorkflow(organizationId, projectId, input, actor)), 201);
});

export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

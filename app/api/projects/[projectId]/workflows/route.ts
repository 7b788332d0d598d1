import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json } from '@/lib/http/respond';
import { projectPathSchema as paramsSchema } from '@/lib/projects/schemas';
import { workflowInputSchema } from '@/lib/workflows/schemas';
import { createWorkflow, listWorkflows, toWorkflowDto } from '@/lib/workflows/workflows';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'POST'];
type Params = { projectId: string };

// GET /api/projects/{projectId}/workflows — the project's workflows
export const GET = withSecretKey<Params>(async ({ organizationId, params }) => {
  const { projectId } = parseInput(paramsSchema, params);
  return json((await listWorkflows(organizationId, projectId)).map(toWorkflowDto));
});

// POST /api/projects/{projectId}/workflows — create a workflow
export const POST = withSecretKey<Params>(async ({ organizationId, params, body }) => {
  const { projectId } = parseInput(paramsSchema, params);
  const input = parseInput(workflowInputSchema, body ?? {});
  return json(toWorkflowDto(await createWorkflow(organizationId, projectId, input)), 201);
});

export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

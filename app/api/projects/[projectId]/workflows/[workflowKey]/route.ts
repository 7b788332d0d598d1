import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json, noContent } from '@/lib/http/respond';
import { workflowPathSchema as paramsSchema, workflowInputSchema } from '@/lib/workflows/schemas';
import { deleteWorkflow, getWorkflow, toWorkflowDto, updateWorkflow } from '@/lib/workflows/workflows';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'PUT', 'DELETE'];
type Params = { projectId: string; workflowKey: string };

// GET /api/projects/{projectId}/workflows/{workflowKey} — one workflow
export const GET = withSecretKey<Params>(async ({ organizationId, params }) => {
  const { projectId, workflowKey } = parseInput(paramsSchema, params);
  return json(toWorkflowDto(await getWorkflow(organizationId, projectId, workflowKey)));
});

// PUT /api/projects/{projectId}/workflows/{workflowKey} — replace a workflow
export const PUT = withSecretKey<Params>(async ({ organizationId, actor, params, body }) => {
  const { projectId, workflowKey } = parseInput(paramsSchema, params);
  const input = parseInput(workflowInputSchema, body ?? {});
  return json(toWorkflowDto(await updateWorkflow(organizationId, projectId, workflowKey, input, actor)));
});

// DELETE /api/projects/{projectId}/workflows/{workflowKey} — delete a workflow
export const DELETE = withSecretKey<Params>(async ({ organizationId, actor, params }) => {
  const { projectId, workflowKey } = parseInput(paramsSchema, params);
  await deleteWorkflow(organizationId, projectId, workflowKey, actor);
  return noContent();
});

export const POST = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);

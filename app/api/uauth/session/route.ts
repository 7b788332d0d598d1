import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json } from '@/lib/http/respond';
import { createUAuthSessionResultSchema, createUAuthSessionSchema } from '@/lib/workflows/schemas';
import { createWorkflowSession } from '@/lib/workflows/workflow-sessions';

export const dynamic = 'force-dynamic';
const ALLOWED = ['POST'];

// POST /api/uauth/session — cache a workflow session; answer the hosted page's URL
export const POST = withSecretKey(async ({ organizationId, body }) => {
  const input = parseInput(createUAuthSessionSchema, body ?? {});
  return json(createUAuthSessionResultSchema.parse(await createWorkflowSession(organizationId, input)), 201);
});

export const GET = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

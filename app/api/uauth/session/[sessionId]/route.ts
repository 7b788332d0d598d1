import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json } from '@/lib/http/respond';
import { workflowSessionPathSchema as paramsSchema } from '@/lib/workflows/schemas';
import { getCachedWorkflowSession } from '@/lib/workflows/workflow-sessions';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET'];

// GET /api/uauth/session/{sessionId} — the cached workflow of a session
export const GET = withSecretKey<{ sessionId: string }>(async ({ organizationId, params }) => {
  const { sessionId } = parseInput(paramsSchema, params);
  return json(await getCachedWorkflowSession(organizationId, sessionId));
});

export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { noContent } from '@/lib/http/respond';
import { sessionPathSchema as paramsSchema } from '@/lib/users/schemas';
import { revokeUserSession } from '@/lib/users/users';

export const dynamic = 'force-dynamic';
const ALLOWED = ['DELETE'];
type Params = { projectId: string; sid: string };

// DELETE /api/projects/{projectId}/sessions/{sid} — revoke one session
export const DELETE = withSecretKey<Params>(async ({ organizationId, actor, params }) => {
  const { projectId, sid } = parseInput(paramsSchema, params);
  await revokeUserSession(organizationId, projectId, sid, actor);
  return noContent();
});

export const GET = methodNotAllowed(ALLOWED);
export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);

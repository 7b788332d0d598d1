import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { pageHeaders, pageQuerySchema } from '@/lib/http/pagination';
import { json, noContent } from '@/lib/http/respond';
import { userPathSchema as paramsSchema } from '@/lib/users/schemas';
import { listUserSessions, revokeUserSessions, toUserSessionDto } from '@/lib/users/users';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'DELETE'];
type Params = { projectId: string; userHash: string };

// GET /api/projects/{projectId}/users/{userHash}/sessions — a page of the user's sessions
export const GET = withSecretKey<Params>(async ({ organizationId, params, query, url }) => {
  const { projectId, userHash } = parseInput(paramsSchema, params);
  const page = await listUserSessions(organizationId, projectId, userHash, parseInput(pageQuerySchema, query));
  return json(page.items.map(toUserSessionDto), 200, pageHeaders(url, page.nextCursor));
});

// DELETE /api/projects/{projectId}/users/{userHash}/sessions — revoke every session of the user
export const DELETE = withSecretKey<Params>(async ({ organizationId, actor, params }) => {
  const { projectId, userHash } = parseInput(paramsSchema, params);
  await revokeUserSessions(organizationId, projectId, userHash, actor);
  return noContent();
});

export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);

import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json, noContent } from '@/lib/http/respond';
import { userPathSchema as paramsSchema } from '@/lib/users/schemas';
import { deleteUser, getUser, toProjectUserDto } from '@/lib/users/users';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'DELETE'];
type Params = { projectId: string; userHash: string };

// GET /api/projects/{projectId}/users/{userHash} — one user
export const GET = withSecretKey<Params>(async ({ organizationId, params }) => {
  const { projectId, userHash } = parseInput(paramsSchema, params);
  return json(toProjectUserDto(await getUser(organizationId, projectId, userHash)));
});

// DELETE /api/projects/{projectId}/users/{userHash} — delete the user and their sessions
export const DELETE = withSecretKey<Params>(async ({ organizationId, actor, params }) => {
  const { projectId, userHash } = parseInput(paramsSchema, params);
  await deleteUser(organizationId, projectId, userHash, actor);
  return noContent();
});

export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);

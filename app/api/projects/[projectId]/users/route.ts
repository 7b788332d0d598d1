import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { pageHeaders } from '@/lib/http/pagination';
import { json } from '@/lib/http/respond';
import { projectPathSchema as paramsSchema } from '@/lib/projects/schemas';
import { listUsersQuerySchema } from '@/lib/users/schemas';
import { listUsers, toProjectUserDto } from '@/lib/users/users';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET'];
type Params = { projectId: string };

// GET /api/projects/{projectId}/users — a page of the project's users (?limit, ?cursor, ?email;
// X-Next-Cursor and Link when more remain)
export const GET = withSecretKey<Params>(async ({ organizationId, params, query, url }) => {
  const { projectId } = parseInput(paramsSchema, params);
  const page = await listUsers(organizationId, projectId, parseInput(listUsersQuerySchema, query));
  return json(page.items.map(toProjectUserDto), 200, pageHeaders(url, page.nextCursor));
});

export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

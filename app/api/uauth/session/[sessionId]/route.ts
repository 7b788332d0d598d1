import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json } from '@/lib/http/respond';
import { getHostedLogin } from '@/lib/workflows/hosted-logins';
import { hostedLoginPathSchema as paramsSchema } from '@/lib/workflows/schemas';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET'];

// GET /api/uauth/session/{sessionId} — a hosted login: its workflow, status and expiry
export const GET = withSecretKey<{ sessionId: string }>(async ({ organizationId, params }) => {
  const { sessionId } = parseInput(paramsSchema, params);
  return json(await getHostedLogin(organizationId, sessionId));
});

export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

import { methodNotAllowed, preflight, withSessionCode } from '@/lib/http/handlers';
import { json, noContent } from '@/lib/http/respond';
import { getSession, revokeSession } from '@/lib/sessions/sessions';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'DELETE'];

// GET /api/session — a session's status (200 also when expired or revoked).
export const GET = withSessionCode(async ({ credentials, input }) => json(await getSession(credentials, input)));

// DELETE /api/session — sign out: revoke the session
export const DELETE = withSessionCode(async ({ credentials, input }) => {
  await revokeSession(credentials, input);
  return noContent();
});

export const OPTIONS = preflight(ALLOWED);
export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);

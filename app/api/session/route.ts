import { methodNotAllowed, preflight, sessionCodeOf, withClientToken } from '@/lib/http/handlers';
import { json, noContent } from '@/lib/http/respond';
import { getSession, revokeSession } from '@/lib/sessions/sessions';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'DELETE'];

// GET /api/session — a session's status (200 also when expired or revoked)
export const GET = withClientToken(async (context) =>
  json(await getSession(context.project, sessionCodeOf(context))),
);

// DELETE /api/session — sign out: revoke the session
export const DELETE = withClientToken(async (context) => {
  await revokeSession(context.project, sessionCodeOf(context));
  return noContent();
});

export const OPTIONS = preflight(ALLOWED);
export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);

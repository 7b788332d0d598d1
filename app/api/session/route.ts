import { methodNotAllowed, preflight, sessionCodeOf, withClientToken, withSessionLookup } from '@/lib/http/handlers';
import { json, noContent } from '@/lib/http/respond';
import { getSession, revokeSession, sessionDtoOf } from '@/lib/sessions/sessions';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'DELETE'];

// GET /api/session — a session's status (200 also when expired or revoked).
// One statement on the hot path; unusual requests take the general path.
export const GET = withSessionLookup(false, sessionDtoOf, async (context) =>
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

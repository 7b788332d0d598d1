import { methodNotAllowed, preflight, sessionCodeOf, withSessionLookup } from '@/lib/http/handlers';
import { json } from '@/lib/http/respond';
import { getSessionUser, userDtoOf } from '@/lib/sessions/sessions';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET'];

// GET /api/user — the signed-in user of an active session (403 when expired or revoked).
// One statement on the hot path; unusual requests take the general path.
export const GET = withSessionLookup(true, userDtoOf, async (context) =>
  json(await getSessionUser(context.project, sessionCodeOf(context))),
);

export const OPTIONS = preflight(ALLOWED);
export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

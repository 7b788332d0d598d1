import { methodNotAllowed, preflight, withSessionCode } from '@/lib/http/handlers';
import { json } from '@/lib/http/respond';
import { getSessionUser } from '@/lib/sessions/sessions';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET'];

// GET /api/user — the signed-in user of an active session (403 when expired or revoked).
export const GET = withSessionCode(async ({ credentials, input }) => json(await getSessionUser(credentials, input)));

export const OPTIONS = preflight(ALLOWED);
export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

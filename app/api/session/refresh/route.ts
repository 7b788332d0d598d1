import { methodNotAllowed, preflight, withSessionCode } from '@/lib/http/handlers';
import { json } from '@/lib/http/respond';
import { refreshSession } from '@/lib/sessions/sessions';

export const dynamic = 'force-dynamic';
const ALLOWED = ['POST'];

// POST /api/session/refresh — an active session's new access token (and, when the project
// slides, a later expiresAt); 403 when expired or revoked.
export const POST = withSessionCode(async ({ credentials, input }) => json(await refreshSession(credentials, input)));

export const OPTIONS = preflight(ALLOWED);
export const GET = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

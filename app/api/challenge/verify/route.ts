import { verifyChallengeSchema } from '@/lib/challenges/schemas';
import { verifyChallenge } from '@/lib/challenges/verify-challenge';
import { clientIp } from '@/lib/http/client-ip';
import { methodNotAllowed, preflight, withClientCredentials } from '@/lib/http/handlers';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';
const ALLOWED = ['POST'];

// POST /api/challenge/verify — trade a challenge code for a session (once). The domain
// authenticates the credentials inside its one statement (lib/challenges/verify-challenge.ts).
export const POST = withClientCredentials(verifyChallengeSchema, async ({ credentials, input, request }) =>
  json(await verifyChallenge({ ...credentials, ip: clientIp(request.headers) }, input.challengeCode)),
);

export const OPTIONS = preflight(ALLOWED);
export const GET = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

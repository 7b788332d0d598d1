import { verifyChallengeSchema } from '@/lib/challenges/schemas';
import { verifyChallenge } from '@/lib/challenges/verify-challenge';
import { clientIp } from '@/lib/http/client-ip';
import { parseInput } from '@/lib/http/input';
import { enforceVerifyLimit } from '@/lib/rate-limit/limits';
import { methodNotAllowed, preflight, withClientToken } from '@/lib/http/handlers';
import { json } from '@/lib/http/respond';
import { verifiedDtoSchema } from '@/lib/sessions/schemas';

export const dynamic = 'force-dynamic';
const ALLOWED = ['POST'];

// POST /api/challenge/verify — trade a challenge code for a session (once)
export const POST = withClientToken(async ({ project, fields, request }) => {
  const input = parseInput(verifyChallengeSchema, fields);
  await enforceVerifyLimit({ ip: clientIp(request.headers) });
  return json(verifiedDtoSchema.parse(await verifyChallenge(project, input.challengeCode)));
});

export const OPTIONS = preflight(ALLOWED);
export const GET = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

import { verifyChallengeSchema } from '@/lib/challenges/schemas';
import { verifyChallenge, verifyChallengeFast } from '@/lib/challenges/verify-challenge';
import { AppError } from '@/lib/errors';
import { clientIp } from '@/lib/http/client-ip';
import { parseInput } from '@/lib/http/input';
import { enforceVerifyLimit } from '@/lib/rate-limit/limits';
import { methodNotAllowed, preflight, withClientToken } from '@/lib/http/handlers';
import { json, problem } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';
const ALLOWED = ['POST'];

// A request the hot path hands on to the general path is counted once.
const counted = new WeakSet<Request>();
function countAttempt(request: Request): Promise<void> {
  if (counted.has(request)) return Promise.resolve();
  counted.add(request);
  return enforceVerifyLimit({ ip: clientIp(request.headers) });
}

// POST /api/challenge/verify — trade a challenge code for a session (once).
// Hot path: claim (with the project's token and origin checked in the same statement),
// user and session in one transaction; anything else takes the general path below.
export const POST = withClientToken(
  async ({ project, fields, request }) => {
    const input = parseInput(verifyChallengeSchema, fields);
    await countAttempt(request);
    return json(await verifyChallenge(project, input.challengeCode));
  },
  async ({ fields, projectId, clientToken, origin, request }) => {
    const code = fields.challengeCode;
    if (typeof code !== 'string') return null;
    const challengeCode = code.trim();
    if (challengeCode.length < 1 || challengeCode.length > 512) return null;
    // every attempt counts, before anything is looked up (a refused one consumes nothing)
    await countAttempt(request);
    const outcome = await verifyChallengeFast({ projectId, clientToken, origin, challengeCode });
    if (outcome instanceof AppError) return problem(outcome);
    return outcome && json(outcome);
  },
);

export const OPTIONS = preflight(ALLOWED);
export const GET = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

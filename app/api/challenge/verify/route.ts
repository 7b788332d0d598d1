import { verifyChallengeSchema } from '@/lib/challenges/schemas';
import { verifyChallenge, verifyChallengeFast } from '@/lib/challenges/verify-challenge';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/http/input';
import { methodNotAllowed, preflight, withClientToken } from '@/lib/http/handlers';
import { json, problem } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';
const ALLOWED = ['POST'];

// POST /api/challenge/verify — trade a challenge code for a session (once).
// Hot path: claim (with the project's token and origin checked in the same statement),
// user and session in one transaction; anything else takes the general path below.
export const POST = withClientToken(
  async ({ project, fields }) => {
    const input = parseInput(verifyChallengeSchema, fields);
    return json(await verifyChallenge(project, input.challengeCode));
  },
  async ({ fields, projectId, clientToken, origin }) => {
    const code = fields.challengeCode;
    if (typeof code !== 'string') return null;
    const challengeCode = code.trim();
    if (challengeCode.length < 1 || challengeCode.length > 512) return null;
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

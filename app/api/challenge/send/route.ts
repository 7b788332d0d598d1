import { sendChallengeSchema } from '@/lib/challenges/schemas';
import { sendChallenge } from '@/lib/challenges/send-challenge';
import { methodNotAllowed, preflight, withClientTokenOrSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';
const ALLOWED = ['POST'];

// POST /api/challenge/send — email a magic link (the same answer for any valid address).
// Client token (browser or server) or organization secret key (server, which may name the
// end user's IP); limits, sign-up policies and the choice of redirect URL are sendChallenge's.
export const POST = withClientTokenOrSecretKey(async ({ project, fields, endUser, requestStartedAt }) => {
  const input = parseInput(sendChallengeSchema, fields);
  const { expiresAt } = await sendChallenge({
    project,
    emailAddress: input.emailAddress,
    state: input.state,
    requestedRedirectUrl: input.redirectUrl,
    endUser,
    requestStartedAt,
  });
  return json({ status: 'sent', expiresAt: expiresAt.toISOString() }, 201);
});

export const OPTIONS = preflight(ALLOWED);
export const GET = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

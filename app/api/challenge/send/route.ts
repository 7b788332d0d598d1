import { sendChallenge } from '@/lib/challenges/send-challenge';
import { sendChallengeSchema } from '@/lib/challenges/schemas';
import { clientIp } from '@/lib/http/client-ip';
import { parseInput } from '@/lib/http/input';
import { enforceSendLimits } from '@/lib/rate-limit/limits';
import { methodNotAllowed, preflight, withClientToken } from '@/lib/http/handlers';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';
const ALLOWED = ['POST'];

// POST /api/challenge/send — email a magic link (the same answer for any valid address)
export const POST = withClientToken(async ({ project, fields, request }) => {
  const input = parseInput(sendChallengeSchema, fields);
  await enforceSendLimits({ projectId: project.id, email: input.emailAddress, ip: clientIp(request.headers) });
  const { expiresAt } = await sendChallenge({ project, emailAddress: input.emailAddress, state: input.state });
  return json({ status: 'sent', expiresAt: expiresAt.toISOString() }, 201);
});

export const OPTIONS = preflight(ALLOWED);
export const GET = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

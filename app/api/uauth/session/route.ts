import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json } from '@/lib/http/respond';
import { createHostedLogin } from '@/lib/workflows/hosted-logins';
import { createHostedLoginSchema, hostedLoginCreatedSchema } from '@/lib/workflows/schemas';

export const dynamic = 'force-dynamic';
const ALLOWED = ['POST'];

// POST /api/uauth/session — cache a hosted login; answer the hosted page's URL
export const POST = withSecretKey(async ({ organizationId, body }) => {
  const input = parseInput(createHostedLoginSchema, body ?? {});
  return json(hostedLoginCreatedSchema.parse(await createHostedLogin(organizationId, input)), 201);
});

export const GET = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

import { secretKeyPathSchema as paramsSchema } from '@/lib/auth/schemas';
import { revokeSecretKey } from '@/lib/auth/secret-keys';
import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { noContent } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';
const ALLOWED = ['DELETE'];
type Params = { keyId: string };

// DELETE /api/keys/{keyId} — revoke a key at once (a key may revoke itself)
export const DELETE = withSecretKey<Params>(async ({ organizationId, actor, params }) => {
  const { keyId } = parseInput(paramsSchema, params);
  await revokeSecretKey(organizationId, keyId, actor);
  return noContent();
});

export const GET = methodNotAllowed(ALLOWED);
export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);

import { createSecretKeySchema } from '@/lib/auth/schemas';
import { createSecretKey, listSecretKeys, toSecretKeyDto } from '@/lib/auth/secret-keys';
import { methodNotAllowed, withSecretKey } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET', 'POST'];

// GET /api/keys — the organization's secret keys, newest first (never a key itself)
export const GET = withSecretKey(async ({ organizationId }) => {
  return json((await listSecretKeys(organizationId)).map(toSecretKeyDto));
});

// POST /api/keys — a new key, its secretToken shown this once
export const POST = withSecretKey(async ({ organizationId, actor, body }) => {
  const { name } = parseInput(createSecretKeySchema, body ?? {});
  const key = await createSecretKey(organizationId, name, actor);
  return json({ ...toSecretKeyDto(key), secretToken: key.secretToken }, 201);
});

export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

import { getJwks } from '@/lib/access-tokens/access-tokens';
import { JWKS_MAX_AGE_SECONDS } from '@/lib/access-tokens/signing-keys';
import { methodNotAllowed, publicApi } from '@/lib/http/handlers';
import { parseInput } from '@/lib/http/input';
import { json } from '@/lib/http/respond';
import { projectPathSchema } from '@/lib/projects/schemas';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET'];
type Params = { projectId: string };

// GET /api/projects/{projectId}/jwks.json — the project's public signing keys, for verifying
// its access tokens locally. No credential; any origin may read it.
export const GET = publicApi<Params>(
  async ({ params }) => {
    const { projectId } = parseInput(projectPathSchema, params);
    return json(await getJwks(projectId), 200, { 'Cache-Control': `public, max-age=${JWKS_MAX_AGE_SECONDS}` });
  },
  { 'Access-Control-Allow-Origin': '*' },
);

export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

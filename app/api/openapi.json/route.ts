import { methodNotAllowed, publicApi } from '@/lib/http/handlers';
import { openApiJson } from '@/lib/openapi/document';

export const dynamic = 'force-dynamic';
const ALLOWED = ['GET'];

// GET /api/openapi.json — the OpenAPI 3.1 document, generated from the zod schemas (built once)
export const GET = publicApi(
  async () =>
    new Response(openApiJson(), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
        'Access-Control-Allow-Origin': '*',
        'X-Content-Type-Options': 'nosniff',
      },
    }),
);

export const POST = methodNotAllowed(ALLOWED);
export const PUT = methodNotAllowed(ALLOWED);
export const PATCH = methodNotAllowed(ALLOWED);
export const DELETE = methodNotAllowed(ALLOWED);

import { AppError } from '@/lib/errors';
import { problem } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

// Any other /api path: 404 problem JSON, never Next's HTML page.
async function notFound(request: Request): Promise<Response> {
  return problem(new AppError('not_found', `No API route ${new URL(request.url).pathname}.`));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;

// Response helpers shared by every /api route: JSON, problem details, no caching.
import { AppError, errorTitles, isDatabaseUnavailable } from '../errors';
import { log } from '../log';
import type { ProblemDetails } from './schemas';

const baseHeaders = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  const response = new Response(JSON.stringify(data), {
    status,
    headers: { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8' },
  });
  mergeHeaders(response, headers);
  return response;
}

export function noContent(headers?: HeadersInit): Response {
  const response = new Response(null, { status: 204, headers: baseHeaders });
  mergeHeaders(response, headers);
  return response;
}

/** RFC 9457 problem details for an AppError. */
export function problem(error: AppError, headers?: HeadersInit): Response {
  const body: ProblemDetails = {
    type: `urn:uauth:error:${error.code}`,
    title: errorTitles[error.code],
    status: error.status,
    detail: error.message,
    code: error.code,
  };
  if (error.extra.errors) body.errors = error.extra.errors;
  const response = new Response(JSON.stringify(body), {
    status: error.status,
    headers: { ...baseHeaders, 'Content-Type': 'application/problem+json; charset=utf-8' },
  });
  if (error.extra.retryAfterSeconds !== undefined)
    response.headers.set('Retry-After', String(error.extra.retryAfterSeconds));
  if (error.extra.allow) response.headers.set('Allow', error.extra.allow.join(', '));
  if (error.extra.closeConnection) response.headers.set('Connection', 'close');
  mergeHeaders(response, headers);
  return response;
}

/** Any thrown value → a problem response. Unknown errors are logged, never shown. */
export function errorResponse(error: unknown, request?: Request, headers?: HeadersInit): Response {
  if (error instanceof AppError) return problem(error, headers);
  if (isDatabaseUnavailable(error)) {
    log.error('database unavailable', { err: error });
    return problem(
      new AppError('database_unavailable', 'The database cannot be reached right now. Try again shortly.', {
        retryAfterSeconds: 5,
      }),
      headers,
    );
  }
  log.error('unhandled error', {
    route: request ? `${request.method} ${new URL(request.url).pathname}` : undefined,
    err: error,
  });
  return problem(new AppError('internal_error', 'Something went wrong on our side. It has been logged.'), headers);
}

function mergeHeaders(response: Response, headers?: HeadersInit): void {
  if (!headers) return;
  for (const [key, value] of new Headers(headers)) response.headers.set(key, value);
}

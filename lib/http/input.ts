// Reading request input: the query string and/or a JSON body (an end-user endpoint takes
// each parameter in either), validated with zod.
import type { z } from 'zod';
import { AppError, type FieldError } from '../errors';
import { readBodyUpTo } from './body';

export const MAX_BODY_BYTES = 1024 * 1024;

export type RequestInput = {
  url: URL;
  query: Record<string, string>;
  /** The JSON body, when there is one. */
  body: Record<string, unknown> | undefined;
  /** Query and body together; the body wins. */
  fields: Record<string, unknown>;
};

export async function readInput(request: Request): Promise<RequestInput> {
  const url = new URL(request.url);
  const query: Record<string, string> = Object.create(null);
  for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
  const body = await readJsonBody(request);
  rejectNulCharacters(query);
  if (body) rejectNulCharacters(body);
  const fields: Record<string, unknown> = Object.assign(Object.create(null), query, body);
  return { url, query, body, fields };
}

async function readJsonBody(request: Request): Promise<Record<string, unknown> | undefined> {
  if (request.method === 'HEAD' || !request.body) return undefined;
  const bytes = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (bytes === null) throw tooLarge();
  const text = Buffer.from(bytes).toString('utf8');
  if (text.trim() === '') return undefined;

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('invalid_json', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new AppError('invalid_json', 'The request body must be a JSON object.');
  // A plain null-prototype copy: keys like "__proto__" stay ordinary data.
  return Object.assign(Object.create(null), parsed) as Record<string, unknown>;
}

function tooLarge(): AppError {
  return new AppError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, {
    // The rest of an oversized upload is not read: do not reuse this connection.
    closeConnection: true,
  });
}

/** PostgreSQL text cannot hold U+0000, and no field of ours needs it: 400, not a 500. */
function rejectNulCharacters(value: unknown, path = '', depth = 0): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      const field = path || '(body)';
      throw new AppError('validation_failed', `Invalid request: ${field}: must not contain NUL characters`, {
        errors: [{ path: field, message: 'must not contain NUL characters' }],
      });
    }
    return;
  }
  if (typeof value !== 'object' || value === null || depth > 32) return;
  for (const [key, inner] of Object.entries(value))
    rejectNulCharacters(inner, path ? `${path}.${key}` : key, depth + 1);
}

/** Validates input with a zod schema; failures become one 400 naming every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  throw new AppError('validation_failed', `Invalid request: ${detail}`, { errors });
}

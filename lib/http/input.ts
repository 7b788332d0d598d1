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
  rejectUnstorableText(query);
  if (body) rejectUnstorableText(body);
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

/**
 * What PostgreSQL cannot store, and no field of ours needs: U+0000, and lone UTF-16
 * surrogates (JSON allows "\udfff"; a jsonb or text column does not). 400, never a 500.
 */
export function unstorableTextProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (!value.isWellFormed()) return 'must be valid Unicode text (no lone surrogates)';
  return null;
}

function rejectUnstorableText(value: unknown, path = '', depth = 0): void {
  if (typeof value === 'string') {
    const problem = unstorableTextProblem(value);
    if (problem) {
      const field = path || '(body)';
      throw new AppError('validation_failed', `Invalid request: ${field}: ${problem}`, {
        errors: [{ path: field, message: problem }],
      });
    }
    return;
  }
  if (typeof value !== 'object' || value === null || depth > 32) return;
  for (const [key, inner] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    const keyProblem = unstorableTextProblem(key);
    if (keyProblem)
      throw new AppError('validation_failed', `Invalid request: ${field}: ${keyProblem}`, {
        errors: [{ path: field, message: keyProblem }],
      });
    rejectUnstorableText(inner, field, depth + 1);
  }
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

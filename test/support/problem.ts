// Assertions on the API's error answers (RFC 9457 problem JSON), shared by the vitest
// files. Kept apart from api.ts, which the Playwright specs import too.
import { expect } from 'vitest';

type Answer = { status: number; headers: Headers; data: any; text: string };

/**
 * Nothing of the server's insides in a response body: no stack frame, no server file path,
 * no driver or runtime error name.
 */
export function expectNoLeak(text: string, label = 'response') {
  expect(text, `${label}: stack trace line`).not.toMatch(/\bat [\w.<>$ ]*\(?[^)\s]*:\d+:\d+\)?/);
  expect(text, `${label}: stack trace line`).not.toMatch(/(\\n|\n)\s+at /);
  expect(text, `${label}: stack frame`).not.toMatch(/\bat [\w.<>]+ \(?[^)\s]+\.(js|ts|mjs):\d+/);
  expect(text, `${label}: stack trace`).not.toMatch(/\bat .+\.(js|ts):\d+/);
  expect(text, `${label}: server file path`).not.toMatch(
    /\/work\/|node_modules|\.next\/server|\/app\/api\/|[\w-]+\.(?:ts|js|mjs|tsx):\d+/,
  );
  expect(text, `${label}: driver error text`).not.toMatch(
    /PostgresError|ZodError|TypeError|ReferenceError|SyntaxError: /,
  );
}

/** Nothing of the database in a body: no connection error, address or URL, no stack frame. */
export function expectNoDatabaseLeak(text: string, label: string) {
  expect(text, label).not.toMatch(
    /ECONNREFUSED|CONNECT_TIMEOUT|CONNECTION_|57P01|terminating connection|127\.0\.0\.1:\d+|postgres:\/\//,
  );
  expect(text, `${label}: stack frame`).not.toMatch(/\bat [\w.<>]+ \(?[^)\s]+\.(js|ts|mjs):\d+/);
}

/**
 * An RFC 9457 problem JSON answer: `application/problem+json` with type, title, status
 * (the HTTP status), detail and a snake_case code, validation `errors[{path,message}]` when
 * present, and nothing of the server's insides. `status` and `code`, when given, must match;
 * `label` names the request in failure messages.
 */
export function expectProblem(
  res: Answer,
  status?: number,
  code?: string,
  label = `${res.status} ${res.text.slice(0, 300)}`,
) {
  if (status !== undefined) expect(res.status, label).toBe(status);
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.headers.get('content-type') ?? '', `content-type of ${label}`).toMatch(/^application\/problem\+json/);
  expect(res.data, label).toBeTypeOf('object');
  expect(res.data, label).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status: res.status,
    detail: expect.any(String),
    code: expect.any(String),
  });
  expect(res.data.type.length, label).toBeGreaterThan(0);
  expect(res.data.title.length, label).toBeGreaterThan(0);
  expect(res.data.code, label).toMatch(/^[a-z][a-z0-9_]*$/);
  if (code !== undefined) expect(res.data.code, label).toBe(code);
  if (res.data.errors !== undefined) {
    expect(Array.isArray(res.data.errors), label).toBe(true);
    for (const e of res.data.errors) {
      expect(e.path, label).toBeTypeOf('string');
      expect(e.message, label).toBeTypeOf('string');
    }
  }
  expect(res.text, `${label}: HTML error page`).not.toMatch(/<!DOCTYPE|<html|<body/i);
  expectNoLeak(res.text, label);
}

/** A 400 problem whose `errors` name `field` (with a message). */
export function expectFieldError(res: Answer, field: string) {
  expectProblem(res, 400);
  expect(Array.isArray(res.data.errors), res.text).toBe(true);
  expect(res.data.errors, `errors ${res.text} should name ${field}`).toEqual(
    expect.arrayContaining([expect.objectContaining({ path: field, message: expect.any(String) })]),
  );
}

/** A 429 `rate_limited` problem about `about`, with a whole-second Retry-After ≥ 1 (returned). */
export function expectRateLimited(res: Answer, about: RegExp): number {
  expectProblem(res, 429, 'rate_limited');
  expect(res.data.title).toBe('Too many requests');
  expect(res.data.detail).toMatch(about);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter), `Retry-After ${res.headers.get('retry-after')}`).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  return retryAfter;
}

/**
 * A 503 `database_unavailable` problem with a Retry-After of whole seconds ≥ 1, answered
 * within `withinMs` (the answer's `ms`), telling nothing of the database.
 */
export function expectUnavailable(res: Answer & { ms: number }, label: string, withinMs: number) {
  expect(res.status, `${label}: ${res.text}`).toBe(503);
  expectProblem(res, 503, 'database_unavailable');
  expect(res.headers.get('retry-after'), `${label}: Retry-After`).toMatch(/^[1-9]\d*$/);
  expect(res.ms, `${label}: answered after ${res.ms} ms`).toBeLessThan(withinMs);
  expectNoDatabaseLeak(res.text, label);
}

/** An ISO 8601 timestamp string; returns its time in ms. */
export function expectIso(value: unknown): number {
  expect(typeof value).toBe('string');
  const ms = Date.parse(value as string);
  expect(Number.isNaN(ms), String(value)).toBe(false);
  return ms;
}

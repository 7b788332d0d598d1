// Requests that measure how long the answer took and give up after a deadline (a hang is
// a failure, not a stuck test): for the database-outage tests, where how fast the app
// answers while PostgreSQL is away is part of what they prove.
import { type ApiResponse, api } from './api';

export type TimedResponse = ApiResponse & { ms: number };

/** An API call (see `api`) with its duration; rejects after `timeoutMs`. */
export async function timedCall(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
  timeoutMs = 10_000,
): Promise<TimedResponse> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const res = await Promise.race([
    api(baseUrl, method, path, options),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} ${path} did not answer within ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  return { ...res, ms: Date.now() - started };
}

/** A page request (not followed) with its body text and duration; aborts after `timeoutMs`. */
export async function timedPage(baseUrl: string, path: string, init: RequestInit = {}, timeoutMs = 10_000) {
  const started = Date.now();
  const res = await fetch(`${baseUrl}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), ...init });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, ms: Date.now() - started };
}

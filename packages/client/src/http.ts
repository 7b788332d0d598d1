// The one fetch wrapper of the client: JSON in, JSON out, problem JSON → UAuthError.
// Plain fetch only (Node 20+ and browsers).
import type { ProblemDetails } from './api-types.js';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type ClientOptions = {
  /** The UAuth server, e.g. `https://auth.example.com` (the client adds `/api`). */
  baseUrl: string;
  /** A fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
};

/** Error codes of the API (ProblemDetails.code), plus two of the client's own. */
export type UAuthErrorCode = ProblemDetails['code'] | 'network_error' | 'unexpected_response';

/** Thrown for every non-2xx answer; carries the problem JSON the API sent. */
export class UAuthError extends Error {
  override name = 'UAuthError';
  /** HTTP status; 0 when no answer arrived (network error). */
  readonly status: number;
  readonly code: UAuthErrorCode;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  /** Per-field validation failures (400 validation_failed). */
  readonly errors: ProblemDetails['errors'];
  /** Seconds from the Retry-After header (429, 503), when sent. */
  readonly retryAfter: number | undefined;
  /** The problem JSON as received, when there was one. */
  readonly problem: ProblemDetails | undefined;

  constructor(init: {
    status: number;
    code: UAuthErrorCode;
    title: string;
    detail: string;
    type?: string;
    errors?: ProblemDetails['errors'];
    retryAfter?: number;
    problem?: ProblemDetails;
    cause?: unknown;
  }) {
    super(`${init.status ? `${init.status} ` : ''}${init.title}: ${init.detail}`, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.type = init.type ?? `urn:uauth:error:${init.code}`;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.retryAfter = init.retryAfter;
    this.problem = init.problem;
  }
}

export function isUAuthError(error: unknown): error is UAuthError {
  return error instanceof UAuthError;
}

type Query = Record<string, string | undefined>;

export type RequestOptions = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path under /api, e.g. `/projects`. */
  path: string;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
};

/** One page of a bounded list: its items, and the cursor of the next page (null: this was the last). */
export type Page<T> = { items: T[]; nextCursor: string | null };

export function createRequester(options: ClientOptions) {
  const base = `${options.baseUrl.replace(/\/+$/, '')}/api`;
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));

  /** The answer's JSON (undefined for 204); every non-2xx answer throws a UAuthError. */
  async function send(req: RequestOptions): Promise<{ data: unknown; response: Response }> {
    const url = new URL(`${base}${req.path}`);
    for (const [key, value] of Object.entries(req.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }

    let response: Response;
    try {
      response = await doFetch(url.href, { method: req.method, headers, body, cache: 'no-store' });
    } catch (cause) {
      throw new UAuthError({
        status: 0,
        code: 'network_error',
        title: 'Network error',
        detail: `Could not reach UAuth at ${base}: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause,
      });
    }

    if (response.status === 204) return { data: undefined, response };
    const text = await response.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    if (response.ok && data !== undefined) return { data, response };
    if (response.ok) {
      throw new UAuthError({
        status: response.status,
        code: 'unexpected_response',
        title: 'Unexpected response',
        detail: `${req.method} ${req.path} answered ${response.status} without a JSON body.`,
      });
    }
    throw toError(response, data);
  }

  /** The answer as T (the API's schemas say what it is). */
  async function request<T>(req: RequestOptions): Promise<T> {
    return (await send(req)).data as T;
  }

  /** A page of a bounded list: the JSON array and the X-Next-Cursor header. */
  async function page<T>(req: RequestOptions): Promise<Page<T>> {
    const { data, response } = await send(req);
    return { items: data as T[], nextCursor: response.headers.get('x-next-cursor') };
  }

  return Object.assign(request, { page });
}

function isProblem(data: unknown): data is ProblemDetails {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.code === 'string' && typeof d.title === 'string' && typeof d.status === 'number';
}

function toError(response: Response, data: unknown): UAuthError {
  const retryHeader = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retryHeader) && response.headers.has('retry-after') ? retryHeader : undefined;
  if (isProblem(data)) {
    return new UAuthError({
      status: response.status,
      code: data.code,
      type: data.type,
      title: data.title,
      detail: data.detail,
      errors: data.errors,
      retryAfter,
      problem: data,
    });
  }
  return new UAuthError({
    status: response.status,
    code: 'unexpected_response',
    title: response.statusText || 'Unexpected response',
    detail: `UAuth answered ${response.status} without problem JSON.`,
    retryAfter,
  });
}

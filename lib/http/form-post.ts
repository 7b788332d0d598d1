// Plain HTML form posts to pages (/login/submit, /login/callback, /uauth/submit,
// /l/continue, the dashboard's Try it; Server Actions share the size cap): read the form,
// answer 303 to a page with a notice or an error code, or one of the small static pages.
//
// Size: a page's form is a few fields, so anything over 64 KB is refused with 413 before
// it is parsed. The email-template editor is the one form that carries more (a template
// of up to 100 KB), so its page takes up to 256 KB — also Next's own cap on Server Action
// bodies (next.config.mjs), which holds for chunked bodies.
import { getEnv } from '../env';
import { AppError, type ErrorCode, isDatabaseUnavailable } from '../errors';
import { log } from '../log';
import { readBodyUpTo } from './body';
import { staticPageResponse } from './static-page';

export const MAX_FORM_BYTES = 64 * 1024;
export const MAX_TEMPLATE_FORM_BYTES = 256 * 1024;

const templatePage = /^\/dashboard\/projects\/[^/]+\/template\/?$/;

/** The largest form post a page path accepts. */
export function formLimitFor(pathname: string): number {
  return templatePage.test(pathname) ? MAX_TEMPLATE_FORM_BYTES : MAX_FORM_BYTES;
}

/** 413 with a readable page; Connection: close, so the connection of an oversized upload is not reused. */
export function formTooLargeResponse(limitBytes: number = MAX_FORM_BYTES): Response {
  return staticPageResponse({
    status: 413,
    title: 'Form too large',
    heading: 'That form was too large',
    paragraphs: [
      [
        `We accept at most ${Math.round(limitBytes / 1024)} KB from a form. Please go back and try again with less text.`,
      ],
    ],
    headers: { Connection: 'close' },
  });
}

/**
 * proxy.ts's check of a POST to a page: 413 when its body is over the page's limit — by
 * Content-Length, or for a chunked body by counting the copy of it Next.js gives the
 * proxy (the route still reads its own copy). Null lets the request through.
 */
export async function pageFormTooLarge(request: Request, pathname: string): Promise<Response | null> {
  const limit = formLimitFor(pathname);
  const declared = request.headers.get('content-length');
  if (declared !== null) return Number(declared) > limit ? formTooLargeResponse(limit) : null;
  if (!request.body) return null;
  return (await readBodyUpTo(request, limit)) === null ? formTooLargeResponse(limit) : null;
}

/**
 * Reads a page's form post (urlencoded or multipart) with the 64 KB cap: the form, null
 * when the body is not a readable form, or the 413 response to send back.
 */
export async function readFormPost(request: Request): Promise<FormData | null | Response> {
  const body = await readBodyUpTo(request, MAX_FORM_BYTES);
  if (body === null) return formTooLargeResponse();
  try {
    return await new Response(body, {
      headers: { 'content-type': request.headers.get('content-type') ?? '' },
    }).formData();
  } catch {
    return null;
  }
}

/** A text field of a form; null when the form or the field is missing, or it is a file. */
export function formText(form: FormData | null, name: string): string | null {
  const value = form?.get(name);
  return typeof value === 'string' ? value : null;
}

/** A path of this app ('/login') under APP_URL (which may have a path of its own); absolute URLs as they are. */
export function appUrl(location: string): URL {
  return new URL(location.startsWith('/') ? `${getEnv().APP_URL}${location}` : location);
}

/**
 * 303 See Other to a page of this app (a path) or to an absolute URL, with `query` added
 * (a notice, an error code, what the page needs). Never cached.
 */
export function seeOther(location: string, query: Record<string, string> = {}): Response {
  const url = appUrl(location);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return new Response(null, { status: 303, headers: { Location: url.href, 'Cache-Control': 'no-store' } });
}

/** The error codes a page shows after a form post (?error=…). */
export type FormErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'validation_failed'
  | 'workflow_dependency_failed'
  | 'wait'
  | 'delivery'
  | 'unavailable'
  | 'failed';

const shownAppErrors: Partial<Record<ErrorCode, FormErrorCode>> = {
  not_found: 'not_found',
  forbidden: 'forbidden',
  validation_failed: 'validation_failed',
  workflow_dependency_failed: 'workflow_dependency_failed',
  rate_limited: 'wait',
  email_delivery_failed: 'delivery',
};

/**
 * The one mapping from an error thrown while answering a form to the code its page shows:
 * the AppErrors a page explains, the database unreachable (`unavailable`), and anything
 * else — logged here, with `what` — `failed`.
 */
export function formErrorCode(error: unknown, what: string): FormErrorCode {
  const shown = error instanceof AppError ? shownAppErrors[error.code] : undefined;
  if (shown) return shown;
  if (isDatabaseUnavailable(error)) return 'unavailable';
  log.error(`${what} failed`, { err: error });
  return 'failed';
}

/** 403 for a sign-in form posted from another site: a readable page, no redirect, no cookie. */
export function crossSiteRefused(signInPath: string): Response {
  return staticPageResponse({
    status: 403,
    title: 'Sign-in request refused · UAuth',
    heading: 'This sign-in request came from another site',
    paragraphs: [
      [
        'UAuth only accepts sign-in requests sent from its own pages, so that no other site can sign you in or send you email.',
      ],
      [{ text: 'Open the sign-in page', href: appUrl(signInPath).href }, ' and try again from there.'],
    ],
  });
}

/** A form post that failed on our side: 503 with Retry-After when the database is unreachable, else 500. */
export function tryAgainPage(error: unknown, what: string): Response {
  const unavailable = formErrorCode(error, what) === 'unavailable';
  return staticPageResponse({
    status: unavailable ? 503 : 500,
    title: 'Try again',
    heading: 'Please try again',
    paragraphs: [['We could not continue your sign-in right now. Please go back and try again in a moment.']],
    headers: unavailable ? { 'Retry-After': '5' } : {},
  });
}

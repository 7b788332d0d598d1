// Form posts to pages (/login/submit, /uauth/submit, /l/continue, dashboard Server
// Actions) are a few fields: anything over 64 KB is refused with 413 and a short page
// before it is parsed. The email-template editor is the one form that carries more (a
// template of up to 100 KB), so its page takes up to 256 KB — also Next's own cap on
// Server Action bodies (next.config.mjs), which holds for chunked bodies.
import { readBodyUpTo } from './body';

export const MAX_FORM_BYTES = 64 * 1024;
export const MAX_TEMPLATE_FORM_BYTES = 256 * 1024;

const templatePage = /^\/dashboard\/projects\/[^/]+\/template\/?$/;

/** The largest form post a page path accepts. */
export function formLimitFor(pathname: string): number {
  return templatePage.test(pathname) ? MAX_TEMPLATE_FORM_BYTES : MAX_FORM_BYTES;
}

/** 413 with a readable page; Connection: close, so the connection of an oversized upload is not reused. */
export function formTooLargeResponse(limitBytes: number = MAX_FORM_BYTES): Response {
  const kilobytes = Math.round(limitBytes / 1024);
  return new Response(
    '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Form too large</title><h1>That form was too large</h1>' +
      `<p>We accept at most ${kilobytes} KB from a form. Please go back and try again with less text.</p></html>`,
    {
      status: 413,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
        'X-Content-Type-Options': 'nosniff',
        Connection: 'close',
      },
    },
  );
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

// The responses of the login route handlers: a 303, and the small page that refuses a
// sign-in request posted from another site.
import { escapeHtml } from '@/lib/mail/template';

export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

/** 403 for a cross-site post: a readable page, no redirect, no cookie. */
export function crossSiteRefused(loginUrl: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in request refused · UAuth</title>
<style>body{font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b;background:#fafafa;margin:0}
main{max-width:32rem;margin:10vh auto;padding:2rem;background:#fff;border:1px solid #e4e4e7;border-radius:12px}
h1{font-size:1.25rem;margin:0 0 1rem}a{color:#1d4ed8}</style></head>
<body><main><h1>This sign-in request came from another site</h1>
<p>UAuth only accepts sign-in requests sent from its own pages, so that no other site can sign you in or send you email.</p>
<p><a href="${escapeHtml(loginUrl)}">Open the sign-in page</a> and try again from there.</p></main></body></html>`;
  return new Response(html, {
    status: 403,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

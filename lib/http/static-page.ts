// The small fixed HTML pages answered outside React: a cross-site sign-in post refused
// (403), a form over its size limit (413), a path that does not decode (400), "try again"
// when the database is down (503). One template and one set of headers for all of them:
// no scripts at all (CSP default-src 'none'), never framed, never cached, never sniffed.
// proxy.ts uses it too: it imports only the page headers and the (pure) HTML escaping.
import { escapeHtml } from '../mail/template';
import { pageSecurityHeaders } from './page-security';

/** Text, or a link; everything is HTML-escaped. */
export type Inline = string | { text: string; href: string };

export type StaticPage = {
  status: number;
  title: string;
  heading: string;
  /** Paragraphs: each a run of text and links. */
  paragraphs: Inline[][];
  /** Added to (or replacing) the shared headers: Retry-After, Connection. */
  headers?: Record<string, string>;
};

const style =
  'body{font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b;background:#fafafa;margin:0}' +
  'main{max-width:32rem;margin:10vh auto;padding:2rem;background:#fff;border:1px solid #e4e4e7;border-radius:12px}' +
  'h1{font-size:1.25rem;margin:0 0 1rem}a{color:#1d4ed8}';

const inline = (part: Inline) =>
  typeof part === 'string' ? escapeHtml(part) : `<a href="${escapeHtml(part.href)}">${escapeHtml(part.text)}</a>`;

export function staticPageResponse(page: StaticPage): Response {
  const body = page.paragraphs.map((p) => `<p>${p.map(inline).join('')}</p>`).join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title><style>${style}</style></head>
<body><main><h1>${escapeHtml(page.heading)}</h1>
${body}</main></body></html>`;
  return new Response(html, {
    status: page.status,
    headers: {
      ...pageSecurityHeaders,
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
      ...page.headers,
    },
  });
}

// Helpers for the server-rendered pages (landing page, hosted login page, error pages),
// read the way a browser without JavaScript reads them.

export type Page = { status: number; headers: Headers; html: string; text: string; location: string | null };

/**
 * The page's text as a reader sees it without JavaScript: scripts, styles, the head and
 * React's hidden streaming containers removed, tags dropped (React may split text with
 * comments), entities decoded, white space folded.
 */
export function visibleText(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<head\b[\s\S]*?<\/head>/i, ' ')
    .replace(/<div hidden[^>]*>[\s\S]*?<\/div>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * GET (or another request to) a page without following redirects. `url` is absolute or a
 * path on `baseUrl`.
 */
export async function getPage(
  url: string,
  options: { baseUrl?: string; cookie?: string; init?: RequestInit } = {},
): Promise<Page> {
  const headers: Record<string, string> = options.cookie ? { cookie: options.cookie } : {};
  const res = await fetch(new URL(url, options.baseUrl), { redirect: 'manual', headers, ...options.init });
  const html = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    html,
    text: visibleText(html),
    location: res.headers.get('location'),
  };
}

/** Presses Continue on the landing page: the plain form post to /l/continue (not followed). */
export async function pressContinue(baseUrl: string, code: string) {
  const res = await fetch(`${baseUrl}/l/continue`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ code }).toString(),
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, text: await res.text(), location: res.headers.get('location') };
}

// Where a dashboard action sends the browser back to. Form fields (`back`) and ids end up
// in redirects, so every such path is first resolved the way a browser would resolve it
// against APP_URL (dot segments, percent-encoded dots, backslashes, tabs and newlines,
// protocol-relative `//host`), and only a same-origin path under /dashboard is kept.
import { getEnv } from '../env';

/** `value` as a normalized same-origin path under /dashboard (with its query), else `fallback`. */
export function dashboardPath(value: unknown, fallback = '/dashboard'): string {
  return normalize(value) ?? normalize(fallback) ?? '/dashboard';
}

function normalize(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return null;
  const base = new URL(getEnv().APP_URL);
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || url.username || url.password) return null;
  if (url.pathname !== '/dashboard' && !url.pathname.startsWith('/dashboard/')) return null;
  // After resolution the path cannot start with `//` (it starts with /dashboard).
  return `${url.pathname}${url.search}`;
}

/** A dashboard path with `?key=value` set and any earlier notice/error dropped. */
export function withParam(path: string, key: string, value: string): string {
  const url = new URL(dashboardPath(path), 'http://dashboard.invalid');
  url.searchParams.delete('notice');
  url.searchParams.delete('error');
  url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

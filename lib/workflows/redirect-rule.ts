// Where a workflow may send people after a hosted login: the rule in JS (every write and
// use of a workflow) and in SQL (verify's one statement).
import type { Project } from '../db/schema';
import { isSameOrigin } from '../validation';

/**
 * The one rule for a workflow's clientRedirectUrl: it must share its origin with one of the
 * project's allowedOrigins or redirectUrls (no open redirects). Checked on every write of a
 * workflow, and again whenever one is used (POST /api/uauth/session, the hosted page, the
 * landing page's Continue, verify): a project whose origins changed must not keep sending
 * people to the old one.
 */
export function isRedirectAllowed(
  project: Pick<Project, 'allowedOrigins' | 'redirectUrls'>,
  clientRedirectUrl: string,
): boolean {
  return [...project.allowedOrigins, ...project.redirectUrls].some((url) => isSameOrigin(clientRedirectUrl, url));
}

/**
 * The same rule inside SQL, for verify's single statement (lib/challenges/verify-statement.ts):
 * `clientRedirectUrl` is a text column, `allowedOrigins` and `redirectUrls` text[] columns.
 * Every stored URL went through the zod schemas (lib/validation.ts), which keep the WHATWG
 * serialization (scheme and host lower-case, default port dropped, no credentials): the origin
 * of such an http(s) URL is its text up to the first "/", "?" or "#" after "://", which this
 * compares case-insensitively. Equal texts always mean equal origins, so the SQL form can only
 * be stricter than isRedirectAllowed (for a URL stored outside the schemas), never more
 * lenient; verify's diagnosis, which uses isRedirectAllowed, would then find no reason and the
 * request fails loudly (500, logged) instead of signing anyone in.
 */
export function redirectAllowedSql(clientRedirectUrl: string, allowedOrigins: string, redirectUrls: string): string {
  const origin = (text: string) => `lower(substring(${text} from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*'))`;
  return `${origin(clientRedirectUrl)} in (select ${origin('o.url')} from unnest(${allowedOrigins} || ${redirectUrls}) as o(url))`;
}

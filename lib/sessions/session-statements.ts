// The one statement behind GET/DELETE /api/session and GET /api/user, and the one behind
// POST /api/session/refresh (run by lib/sessions/sessions.ts; the benchmark's floor and
// EXPLAIN run the same text).
import { signingKidSql } from '../access-tokens/signing-key-sql';
import { clientTokenMatchSql } from '../auth/client-token-rule';

/**
 * The project `p` of a session statement authenticates: live project `$1` whose client token
 * is `$3` (lib/auth/client-token.ts) and, for a browser call, whose origin is the Origin `$4`.
 */
function authenticatedProjectSql(p: string): string {
  return `${p}.id = $1 and ${p}.deleted_at is null and ${clientTokenMatchSql(`${p}.client_token`, '$3')}
    and ($4::text is null or $4 = any(${p}.allowed_origins))`;
}

/**
 * The one statement of GET/DELETE /api/session and GET /api/user: the live project `$1`, if
 * the client token `$3` (lib/auth/client-token.ts) and, for a browser call, the Origin `$4`
 * match, with the session of code hash `$2` in it and, when `withUser`, its user. No row: the
 * request does not authenticate. A row without a session: no such session in the project.
 */
export function sessionLookupSql(withUser: boolean): string {
  const user = withUser
    ? `, u.email, u.user_hash as "userHash", u.created_at as "userCreatedAt", u.updated_at as "userUpdatedAt"`
    : '';
  const join = withUser ? ' left join users u on u.id = s.user_id' : '';
  return `select s.id, s.project_id as "projectId", s.created_at as "createdAt", s.updated_at as "updatedAt", s.expires_at as "expiresAt",
    s.revoked_at as "revokedAt"${user}
  from projects p left join sessions s on s.code_hash = $2 and s.project_id = p.id${join}
  where ${authenticatedProjectSql('p')}`;
}
export const SESSION_LOOKUP_SQL = sessionLookupSql(false);
export const SESSION_USER_LOOKUP_SQL = sessionLookupSql(true);

/**
 * The one statement of POST /api/session/refresh, at time `$5`, with the parameters of the
 * lookup above:
 * - `p`: the authenticated project, its session lifetimes and its signing kid;
 * - `r`: its session of code hash `$2`, if active (not revoked, not expired) — with
 *   sessionIdleSeconds `expires_at` moves to `$5` + idle, never beyond created_at +
 *   sessionValidSeconds nor back; without, it stays. The row lock makes a concurrent
 *   sign-out either wait for this or win: a revoked session is never refreshed;
 * - the session's user (for the access token) and, read in the same snapshot, the session as
 *   it was (`prior…`): when `r` is empty it tells unknown (404) from inactive (403).
 * No row: the request does not authenticate.
 */
export const REFRESH_SESSION_SQL = `with p as (
    select p.id, p.session_valid_seconds, p.session_idle_seconds, ${signingKidSql('p.id', '$5')} as signing_kid
    from projects p
    where ${authenticatedProjectSql('p')}),
  r as (
    update sessions s set updated_at = $5,
      expires_at = case when p.session_idle_seconds is null then s.expires_at
        else greatest(s.expires_at, least($5::timestamptz + make_interval(secs => p.session_idle_seconds),
          s.created_at + make_interval(secs => p.session_valid_seconds))) end
    from p
    where s.code_hash = $2 and s.project_id = p.id and s.revoked_at is null and s.expires_at > $5
    returning s.id, s.user_id, s.created_at, s.updated_at, s.expires_at, s.revoked_at)
  select p.id as "projectId", p.signing_kid as "signingKid",
    r.id, r.created_at as "createdAt", r.updated_at as "updatedAt", r.expires_at as "expiresAt", r.revoked_at as "revokedAt",
    u.email, u.user_hash as "userHash",
    o.id as "priorId", o.expires_at as "priorExpiresAt", o.revoked_at as "priorRevokedAt"
  from p left join r on true left join users u on u.id = r.user_id
    left join sessions o on o.code_hash = $2 and o.project_id = p.id`;

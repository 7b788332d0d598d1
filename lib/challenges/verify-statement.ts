// The one statement of a successful verify (run by lib/challenges/verify-challenge.ts; the
// benchmark's floor and EXPLAIN run the same text).
import { signingKidSql } from '../access-tokens/signing-key-sql';
import { clientTokenMatchSql } from '../auth/client-token-rule';
import { redirectAllowedSql } from '../workflows/redirect-rule';

/**
 * The whole successful verify in one statement (data-modifying CTEs, one snapshot):
 * - `p`: the live project of $1, if the client token ($2, compared by the rule of
 *   lib/auth/client-token.ts) and, for a browser call, the Origin ($3) match — a request
 *   that does not authenticate consumes nothing;
 * - `claim`: the challenge of code hash $4 in it, unused, not failed, not expired, whose
 *   policy admits it (sign-up allowed, or the address already is a user) and, for a code
 *   sent from the hosted page, whose hosted login is pending and unexpired and whose
 *   live workflow still redirects to one of the project's origins. The row lock makes
 *   concurrent claims of one code wait and then find nothing: exactly one succeeds;
 * - `completed`: that hosted login, completed once. It is locked after the challenge
 *   (challenge → hosted login, the only order anything locks them in: no deadlock);
 *   when another code of the same session completed it first, `signing` is empty and no
 *   user or session is written (the answer is 409);
 * - `u`, `s`: upsert the user (with the userHash the send stored on the challenge), insert
 *   the session (expiring after sessionIdleSeconds when the project slides, never after
 *   sessionValidSeconds).
 * For the access token the row also names the session's id and the project's signing kid
 * (read in `p`; null when the project has no key yet).
 * No row: nothing was claimed (the diagnosis tells why). A row without a user: claimed,
 * but its hosted-login session had just been completed.
 */
export const VERIFY_SQL = `with p as (
    select id, session_valid_seconds, allow_sign_up, allowed_origins, redirect_urls,
      session_idle_seconds, ${signingKidSql('projects.id', '$5')} as signing_kid
    from projects
    where id = $1 and ${clientTokenMatchSql('client_token', '$2')} and deleted_at is null
      and ($3::text is null or $3 = any(allowed_origins))),
  claim as (
    update challenges c set used_at = $5, updated_at = $5
    from p
    where c.code_hash = $4 and c.project_id = p.id
      and c.used_at is null and c.failed_at is null and c.expires_at > $5
      and ((p.allow_sign_up and not c.existing_user_only)
        or exists (select 1 from users eu where eu.project_id = p.id and eu.email = c.email))
      and (c.hosted_login_id is null or exists (
        select 1 from hosted_logins ws join workflows w on w.id = ws.workflow_id
        where ws.id = c.hosted_login_id and ws.completed_at is null and ws.expires_at > $5
          and w.deleted_at is null and w.project_id = p.id
          and ${redirectAllowedSql('w.client_redirect_url', 'p.allowed_origins', 'p.redirect_urls')}))
    returning c.email, c.user_hash, c.hosted_login_id, p.id as project_id, p.session_valid_seconds,
      p.session_idle_seconds, p.signing_kid),
  completed as (
    update hosted_logins ws set completed_at = $5, updated_at = $5
    from claim
    where ws.id = claim.hosted_login_id and ws.completed_at is null
    returning ws.id),
  signing as (
    select claim.* from claim where claim.hosted_login_id is null or exists (select 1 from completed)),
  u as (
    insert into users (project_id, email, user_hash, last_sign_in_at)
    select signing.project_id, signing.email, signing.user_hash, $5
    from signing
    on conflict (project_id, email) do update set last_sign_in_at = excluded.last_sign_in_at, updated_at = now()
    returning id, email, user_hash, created_at, updated_at),
  s as (
    insert into sessions (project_id, user_id, code_hash, created_at, updated_at, expires_at)
    select signing.project_id, u.id, $6, $5, $5, $5::timestamptz + make_interval(secs =>
      least(coalesce(signing.session_idle_seconds, signing.session_valid_seconds), signing.session_valid_seconds))
    from signing, u
    returning id, created_at, updated_at, expires_at, revoked_at)
  select claim.email, u.user_hash as "userHash", u.created_at as "userCreatedAt", u.updated_at as "userUpdatedAt",
    s.created_at as "createdAt", s.updated_at as "updatedAt", s.expires_at as "expiresAt", s.revoked_at as "revokedAt",
    s.id as "sessionId", claim.project_id as "projectId", claim.signing_kid as "signingKid"
  from claim left join u on true left join s on true`;

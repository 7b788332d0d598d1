// The one statement behind GET/DELETE /api/session and GET /api/user (run by
// lib/sessions/sessions.ts; the benchmark's floor and EXPLAIN run the same text).
import { clientTokenMatchSql } from '../auth/client-token-rule';

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
  where p.id = $1 and p.deleted_at is null and ${clientTokenMatchSql('p.client_token', '$3')}
    and ($4::text is null or $4 = any(p.allowed_origins))`;
}
export const SESSION_LOOKUP_SQL = sessionLookupSql(false);
export const SESSION_USER_LOOKUP_SQL = sessionLookupSql(true);

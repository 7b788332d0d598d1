// Which key signs a project's access tokens, in SQL, for the statements that issue them
// (verify: lib/challenges/verify-statement.ts; refresh: lib/sessions/session-statements.ts).
// No imports: the benchmark's floor loads the statements built from it.

/**
 * A scalar subquery: the kid of the project's latest key activated at `now` — the one that
 * signs now (keyStates in ./signing-keys.ts is the same rule in JS); null when the project
 * has no key yet. One probe of signing_keys_project_activates_idx.
 */
export function signingKidSql(projectId: string, now: string): string {
  return `(select k.kid from signing_keys k where k.project_id = ${projectId} and k.activates_at <= ${now}
      order by k.activates_at desc, k.kid desc limit 1)`;
}

// The one rule for checking a project's client token: inside the statement that reads the
// project, PostgreSQL compares the SHA-256 digests of the stored and the offered token. The
// comparison's time can reveal at most how many leading bytes of two digests agree, which
// says nothing usable about the token itself (the reason `safeEqual` in lib/tokens.ts compares
// digests too). Every statement that authenticates a project by its client token uses it:
// authenticateClientToken (lib/auth/client-token.ts), the session lookup
// (lib/sessions/session-statements.ts) and verify (lib/challenges/verify-statement.ts).
// No imports: the benchmark's floor loads the statements built from it.

/** The rule, written once for its two spellings: plain SQL text (below) and Drizzle `sql` (lib/auth/client-token.ts). */
export function tokenRule<T, R>(tag: (strings: TemplateStringsArray, ...values: T[]) => R, stored: T, offered: T): R {
  return tag`sha256(convert_to(${stored}, 'UTF8')) = sha256(convert_to(${offered}::text, 'UTF8'))`;
}

/** In a plain-SQL statement: the stored token column `stored` equals the parameter `offered` (e.g. `$2`). */
export function clientTokenMatchSql(stored: string, offered: string): string {
  return tokenRule(String.raw, stored, offered);
}

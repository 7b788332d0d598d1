// The app's hot statements (imported from lib/, the very SQL the app runs) to EXPLAIN
// ANALYZE, with real parameters from the seeded data.
import { createHash, randomBytes } from 'node:crypto';
import { clientTokenMatchSql } from '../lib/auth/client-token-rule';
import { VERIFY_SQL } from '../lib/challenges/verify-statement';
import { RECORD_EMAIL_SQL, recordEmailParams } from '../lib/mail/record-email-statement';
import { SESSION_LOOKUP_SQL, SESSION_USER_LOOKUP_SQL } from '../lib/sessions/session-statements';
import { computeUserHash } from '../lib/tokens';

const hash = (t) => createHash('sha256').update(t, 'utf8').digest('hex');

export async function hotQueries(state) {
  const p = state.project;
  const code = state.sessionCodes[Math.floor(Math.random() * state.sessionCodes.length)];
  const [challenge] = await import('./seed.mjs').then((s) => s.seedChallenges(state.sql, p, 'explain', 1));
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 3_600_000).toISOString();
  const email = 'explain-send@bench.test';
  return [
    {
      name: 'GET /api/session — project (client token) + session, one statement',
      sql: SESSION_LOOKUP_SQL,
      params: [p.id, hash(code), p.clientToken, null],
    },
    {
      name: 'GET /api/user — project (client token) + session + user, one statement',
      sql: SESSION_USER_LOOKUP_SQL,
      params: [p.id, hash(code), p.clientToken, null],
    },
    {
      name: 'POST /api/challenge/verify — project check, claim, user upsert and session insert, one statement',
      sql: VERIFY_SQL,
      params: [p.id, p.clientToken, null, hash(challenge), now, hash(randomBytes(32).toString('base64url'))],
    },
    {
      name: 'POST /api/challenge/send — project (client token), drizzle prepared',
      sql: `select * from projects where id = $1 and deleted_at is null and ${clientTokenMatchSql('client_token', '$2')}`,
      params: [p.id, p.clientToken],
    },
    {
      name: 'POST /api/challenge/send — challenge + outbox message, one statement',
      sql: RECORD_EMAIL_SQL,
      params: recordEmailParams(
        { organizationId: p.organizationId, projectId: p.id, to: email, subject: 'Sign in', html: '', text: '' },
        {
          projectId: p.id,
          email,
          codeHash: hash('x'),
          state: null,
          redirectUrl: p.redirectUrls[0],
          hostedLoginId: null,
          expiresAt: later,
          existingUserOnly: false,
          userHash: computeUserHash(p.userHashKey, email),
        },
        'outbox',
        'sealed',
      ),
    },
  ];
}

// The app's hot statements (imported from lib/, the very SQL the app runs) to EXPLAIN
// ANALYZE, with real parameters from the seeded data.
import { createHash, randomBytes } from 'node:crypto';
import { SEND_OUTBOX_SQL } from '../lib/challenges/send-challenge';
import { VERIFY_SQL } from '../lib/challenges/verify-challenge';
import { SESSION_LOOKUP_SQL, SESSION_USER_LOOKUP_SQL } from '../lib/sessions/sessions';

const hash = (t) => createHash('sha256').update(t, 'utf8').digest('hex');

export async function hotQueries(state) {
  const p = state.project;
  const code = state.sessionCodes[Math.floor(Math.random() * state.sessionCodes.length)];
  const [challenge] = await import('./seed.mjs').then((s) => s.seedChallenges(state.sql, p, 'explain', 1));
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 3_600_000).toISOString();
  return [
    {
      name: 'GET /api/session — project + session, one statement',
      sql: SESSION_LOOKUP_SQL,
      params: [p.id, hash(code)],
    },
    {
      name: 'GET /api/user — project + session + user, one statement',
      sql: SESSION_USER_LOOKUP_SQL,
      params: [p.id, hash(code)],
    },
    {
      name: 'POST /api/challenge/verify — project check, claim, user upsert and session insert, one statement',
      sql: VERIFY_SQL,
      params: [p.id, p.clientToken, null, hash(challenge), now, hash(randomBytes(32).toString('base64url'))],
    },
    {
      name: 'POST /api/challenge/send — project (client token), drizzle prepared',
      sql: 'select * from projects where id = $1 and deleted_at is null',
      params: [p.id],
    },
    {
      name: 'POST /api/challenge/send — challenge + outbox message, one statement',
      sql: SEND_OUTBOX_SQL,
      params: [
        p.id,
        'explain-send@bench.test',
        hash('x'),
        null,
        p.redirectUrl,
        null,
        later,
        p.organizationId,
        'Sign in',
        'sealed',
        false,
      ],
    },
  ];
}

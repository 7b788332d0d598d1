// The hot queries to EXPLAIN ANALYZE, with real parameters from the seeded data.
import { createHash, randomBytes } from 'node:crypto';
import { SQL } from './shared/work.mjs';

const hash = (t) => createHash('sha256').update(t, 'utf8').digest('hex');

export async function hotQueries(state) {
  const p = state.project;
  const code = state.sessionCodes[Math.floor(Math.random() * state.sessionCodes.length)];
  const [challenge] = await import('./seed.mjs').then((s) => s.seedChallenges(state.sql, p, 'explain', 1));
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 3_600_000).toISOString();
  return [
    { name: 'GET /api/session — session + project, one statement', sql: SQL.session, params: [p.id, hash(code)] },
    { name: 'GET /api/user — session + user + project, one statement', sql: SQL.user, params: [p.id, hash(code)] },
    { name: 'POST /api/challenge/verify — claim (with project check)', sql: SQL.claim, params: [p.id, p.clientToken, hash(challenge), now] },
    {
      name: 'POST /api/challenge/verify — user upsert + session insert',
      sql: SQL.signIn,
      params: [p.id, 'explain@bench.test', 'x'.repeat(64), now, hash(randomBytes(32).toString('base64url')), later],
    },
    {
      name: 'POST /api/challenge/send — challenge + outbox message',
      sql: SQL.send,
      params: [p.id, 'explain-send@bench.test', hash('x'), null, p.redirectUrl, now, p.organizationId, 'Sign in', 'sealed'],
    },
  ];
}

// Many instances: two `next start` processes on one PostgreSQL database (started at the
// same time, so their migrations race too). A code sent through one verifies exactly
// once across both under 50 concurrent attempts split between them; a session revoked
// through one is revoked on the other at once. No state lives in a process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, latestCode, randomEmail, sendChallenge, setupProject, verifyChallenge } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { expectProblem } from '../support/problem';
import { noRateLimits } from './support';

const ATTEMPTS = 50;
const ROUNDS = 4;

describe('two instances on one database', () => {
  let db: TestDatabase;
  let a: AppServer;
  let b: AppServer;
  let project: any;

  beforeAll(async () => {
    db = await createTestDatabase();
    [a, b] = await Promise.all([
      startApp({ databaseUrl: db.url, env: noRateLimits }),
      startApp({ databaseUrl: db.url, env: noRateLimits }),
    ]);
    ({ project } = await setupProject(a));
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.drop();
  });

  const verifyOn = (app: AppServer, challengeCode: string) => verifyChallenge(app.url, project, challengeCode);
  const sessionOn = (app: AppServer, sessionCode: string) =>
    api(
      app.url,
      'GET',
      `/api/session?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=${sessionCode}`,
    );

  it(`a code sent through one verifies exactly once across both (${ROUNDS} rounds × ${ATTEMPTS} concurrent attempts)`, async () => {
    let totalOk = 0;
    let totalUsed = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const sender = round % 2 === 0 ? a : b;
      const emailAddress = randomEmail(`race${round}`);
      const sent = await sendChallenge(sender.url, project, emailAddress);
      expect(sent.status, sent.text).toBe(201);
      const code = await latestCode(sender.url, emailAddress);

      const results = await Promise.all(
        Array.from({ length: ATTEMPTS }, (_, i) =>
          verifyOn(i % 2 === 0 ? a : b, code).then((r) => ({ ...r, via: i % 2 === 0 ? 'a' : 'b' })),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      const used = results.filter((r) => r.status === 409);
      const other = results.filter((r) => r.status !== 200 && r.status !== 409);
      expect(other.map((r) => `${r.status} ${r.text}`)).toEqual([]);
      expect(ok).toHaveLength(1);
      expect(used).toHaveLength(ATTEMPTS - 1);
      for (const r of used) expectProblem(r, 409, 'challenge_used');
      expect(ok[0]!.data.user.emailAddress).toBe(emailAddress);
      // The one session it created is visible on both.
      expect((await sessionOn(a, ok[0]!.data.session.code)).data.status).toBe('active');
      expect((await sessionOn(b, ok[0]!.data.session.code)).data.status).toBe('active');
      totalOk += ok.length;
      totalUsed += used.length;
    }
    console.log(
      `[instances] ${ROUNDS * ATTEMPTS} verify attempts on ${ROUNDS} codes: ${totalOk} × 200, ${totalUsed} × 409`,
    );
  });

  it('a session revoked through one is reported revoked on the other at once', async () => {
    for (const [revoker, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const emailAddress = randomEmail('revoke');
      await sendChallenge(revoker.url, project, emailAddress);
      const verified = await verifyOn(other, await latestCode(other.url, emailAddress));
      expect(verified.status, verified.text).toBe(200);
      const sessionCode: string = verified.data.session.code;
      expect((await sessionOn(other, sessionCode)).data.status).toBe('active');

      const revoked = await api(
        revoker.url,
        'DELETE',
        `/api/session?projectId=${project.id}&clientToken=${project.clientToken}`,
        {
          headers: { authorization: `Bearer ${sessionCode}` },
        },
      );
      expect(revoked.status, revoked.text).toBe(204);

      // The very next request to the other instance: no cache to wait for.
      const status = await sessionOn(other, sessionCode);
      expect(status.status, status.text).toBe(200);
      expect(status.data.status).toBe('revoked');
      const user = await api(
        other.url,
        'GET',
        `/api/user?projectId=${project.id}&clientToken=${project.clientToken}&sessionCode=${sessionCode}`,
      );
      expectProblem(user, 403);
    }
  });

  // Rate limits are counted in PostgreSQL, so they hold across instances too:
  // test/security/rate-limits.test.ts proves it.
});

// Crash and shutdown: `kill -9` of the app during a burst of sends loses nothing that was
// answered 201 (each of those challenges verifies after a restart on the same database);
// SIGTERM lets the requests in flight finish with their normal answers, then the
// process exits 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, latestCode, randomEmail, setupProject, verifyChallenge } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { noRateLimits, pool, sleep, slowRequest } from './support';

const BURST = 160;
const KILL_AFTER_ANSWERS = 40;

function exitOf(app: AppServer): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = app.child;
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * A fresh database for a describe block (made before its tests, dropped after them) and the
 * list of apps its tests start on it (stopped first).
 */
function freshDatabase() {
  const db = { url: '' };
  const apps: AppServer[] = [];
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    db.url = database.url;
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await database?.drop();
  });
  return { db, apps };
}

describe('kill -9 during a burst of sends', () => {
  const { db, apps } = freshDatabase();

  it(`every send answered 201 before the kill verifies after a restart (${BURST} concurrent sends)`, async () => {
    const first = await startApp({ databaseUrl: db.url, env: noRateLimits });
    apps.push(first);
    const { project } = await setupProject(first);
    const exited = exitOf(first);

    const addresses = Array.from({ length: BURST }, (_, i) => randomEmail(`burst${i}`));
    let answered = 0;
    let killedAt = -1;
    const outcomes = await Promise.all(
      addresses.map(async (emailAddress) => {
        try {
          const res = await api(first.url, 'POST', '/api/challenge/send', {
            body: { projectId: project.id, clientToken: project.clientToken, emailAddress },
          });
          answered++;
          if (answered === KILL_AFTER_ANSWERS && killedAt < 0) {
            killedAt = answered;
            first.child.kill('SIGKILL');
          }
          return { emailAddress, status: res.status };
        } catch {
          return { emailAddress, status: 0 }; // connection cut by the kill
        }
      }),
    );
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });

    const created = outcomes.filter((o) => o.status === 201);
    const cut = outcomes.filter((o) => o.status === 0);
    const other = outcomes.filter((o) => o.status !== 201 && o.status !== 0);
    console.log(
      `[crash] ${BURST} sends: ${created.length} answered 201 before the kill, ${cut.length} cut by it, ${other.length} other`,
    );
    expect(other, JSON.stringify(other)).toEqual([]);
    expect(created.length).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS - 1);
    expect(cut.length, 'the kill happened during the burst').toBeGreaterThan(0);

    // Restart on the same database: nothing answered 201 is lost.
    const second = await startApp({ databaseUrl: db.url, env: noRateLimits });
    apps.push(second);
    const verified = await pool(created, 8, async ({ emailAddress }) => {
      const challengeCode = await latestCode(second.url, emailAddress);
      const res = await verifyChallenge(second.url, project, challengeCode);
      return { emailAddress, status: res.status, email: res.data?.user?.emailAddress };
    });
    const failures = verified.filter((v) => v.status !== 200 || v.email !== v.emailAddress);
    expect(failures, JSON.stringify(failures.slice(0, 5))).toEqual([]);
    console.log(`[crash] after restart: ${verified.length}/${created.length} verified`);
  });
});

describe('SIGTERM: graceful shutdown', () => {
  const { db, apps } = freshDatabase();

  it('requests in flight finish with their normal answers, then the process exits 0', async () => {
    const app = await startApp({ databaseUrl: db.url, env: noRateLimits });
    apps.push(app);
    const { project } = await setupProject(app);
    const exited = exitOf(app);

    // Five sends whose bodies are half uploaded: their handlers are waiting inside the app.
    const addresses = Array.from({ length: 5 }, () => randomEmail('inflight'));
    const slow = addresses.map((emailAddress) =>
      slowRequest(
        app.url,
        'POST',
        '/api/challenge/send',
        JSON.stringify({ projectId: project.id, clientToken: project.clientToken, emailAddress }),
      ),
    );
    await Promise.all(slow.map((s) => s.sent));
    await sleep(300);

    app.child.kill('SIGTERM');
    await sleep(1000);
    expect(app.child.exitCode, 'still running while requests are in flight').toBeNull();

    for (const s of slow) s.finish();
    const answers = await Promise.all(slow.map((s) => s.response));
    for (const answer of answers) expect(answer.status, answer.text).toBe(201);

    const started = Date.now();
    const { code, signal } = await Promise.race([exited, sleep(20_000).then(() => ({ code: -1, signal: null }))]);
    console.log(`[shutdown] exited ${code ?? signal} ${Date.now() - started} ms after the last answer`);
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(app.logs()).toMatch(/\[uauth\] shut down/);

    // What was answered 201 during the shutdown is really there.
    const next = await startApp({ databaseUrl: db.url, env: noRateLimits });
    apps.push(next);
    for (const emailAddress of addresses) {
      const challengeCode = await latestCode(next.url, emailAddress);
      const res = await api(next.url, 'POST', '/api/challenge/verify', {
        body: { projectId: project.id, clientToken: project.clientToken, challengeCode },
      });
      expect(res.status, res.text).toBe(200);
    }
  });
});

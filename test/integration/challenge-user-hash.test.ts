// The userHash of a challenge's address is stored on the challenge when it is sent, and
// verify copies it to the user (no HMAC in SQL). A challenge sent before that column existed
// (user_hash null) still verifies: start-up (`db migrate` and every process that opens the
// database) fills it for challenges that can still verify, and leaves used, failed and
// expired ones alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeUserHash } from '../../lib/tokens';
import {
  codeOfLink,
  mailbox,
  randomEmail,
  runCli,
  sendChallenge,
  setupProject,
  type TestProject,
  verifyChallenge,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { connect } from '../support/postgres';

let app: AppServer;
let sql: ReturnType<typeof connect>;
let project: TestProject;
let userHashKey: string;

beforeAll(async () => {
  app = await startApp();
  sql = connect(app.databaseUrl ?? '');
  project = (await setupProject(app)).project;
  const [row] = await sql<
    Array<{ user_hash_key: string }>
  >`select user_hash_key from projects where id = ${project.id}`;
  userHashKey = row?.user_hash_key ?? '';
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

async function send(email: string): Promise<string> {
  const sent = await sendChallenge(app.url, project, email);
  expect(sent.status, sent.text).toBe(201);
  const [message] = await mailbox(app.url, email);
  return codeOfLink(message?.links[0] ?? '');
}

const userHashOf = async (email: string) =>
  (await sql<Array<{ user_hash: string | null }>>`select user_hash from challenges where email = ${email}`)[0]
    ?.user_hash;

describe('challenges.user_hash', () => {
  it('is the address userHash, stored at send time and given to the user by verify', async () => {
    const email = randomEmail('hash');
    const code = await send(email);
    expect(await userHashOf(email)).toBe(computeUserHash(userHashKey, email));
    const verified = await verifyChallenge(app.url, project, code);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data.user.userHash).toBe(computeUserHash(userHashKey, email));
  });

  it('is filled at start-up for live challenges sent before the column existed, which then verify', async () => {
    const live = randomEmail('old-live');
    const expired = randomEmail('old-expired');
    const used = randomEmail('old-used');
    const liveCode = await send(live);
    await send(expired);
    await send(used);
    await sql`update challenges set user_hash = null where email in (${live}, ${expired}, ${used})`;
    await sql`update challenges set expires_at = now() - interval '1 second' where email = ${expired}`;
    await sql`update challenges set used_at = now() where email = ${used}`;

    const migrated = await runCli(app.env, ['db', 'migrate']);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(await userHashOf(live)).toBe(computeUserHash(userHashKey, live));
    expect(await userHashOf(expired)).toBeNull();
    expect(await userHashOf(used)).toBeNull();

    const verified = await verifyChallenge(app.url, project, liveCode);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data.user).toMatchObject({ emailAddress: live, userHash: computeUserHash(userHashKey, live) });
  });
});

// The REST admin API with the organization secret key (docs/API.md, "Users and sessions",
// "Secret keys"): a project's users (paginated, filtered by address), one user, deleting a user
// with their sessions, a user's sessions, revoking them all or one, and the organization's keys
// (list, create shown once and usable at once, revoke effective at once). Every endpoint: 401
// without a usable key, 403 for a client token in its place, 404 for another organization's
// project, user, session or key (never 403), 400 for malformed ids; every change audited with
// the key as actor. Against the built app and real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  clientCredentials,
  createOrganization,
  createProject,
  qs,
  randomEmail,
  secretKeyHeader,
  signInUser,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { connect, type Sql } from '../support/postgres';
import { expectFieldError, expectProblem } from '../support/problem';

let app: AppServer;
let sql: Sql;
let orgA: { secretToken: string; organizationId: string; email: string };
let orgB: { secretToken: string; organizationId: string; email: string };
let projectA: any; // org A
let projectA2: any; // org A, another project
let projectB: any; // org B

beforeAll(async () => {
  // one address signs in several times in a row here: the send limits would be in the way
  app = await startApp({ env: { RATE_LIMIT_SEND_PER_ADDRESS: 'off', RATE_LIMIT_SEND_PER_IP: 'off' } });
  sql = connect(app.databaseUrl ?? '');
  [orgA, orgB] = await Promise.all([
    createOrganization(app, { name: 'Admin A' }),
    createOrganization(app, { name: 'Admin B' }),
  ]);
  projectA = await createProject(app.url, orgA.secretToken, { name: 'Admin App' });
  projectA2 = await createProject(app.url, orgA.secretToken, { name: 'Admin App 2' });
  projectB = await createProject(app.url, orgB.secretToken, { name: 'Other Org App' });
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

const keyA = () => secretKeyHeader(orgA.secretToken);
const keyB = () => secretKeyHeader(orgB.secretToken);
const usersPath = (projectId: string) => `/api/projects/${projectId}/users`;
const userPath = (projectId: string, userHash: string) => `${usersPath(projectId)}/${userHash}`;
const sessionsOf = (projectId: string, userHash: string) => `${userPath(projectId, userHash)}/sessions`;
const sessionPath = (projectId: string, sid: string) => `/api/projects/${projectId}/sessions/${sid}`;
const get = (path: string, headers = keyA()) => api(app.url, 'GET', path, { headers });
const del = (path: string, headers = keyA()) => api(app.url, 'DELETE', path, { headers });

/** What an app's GET /api/session says about a session code. */
const sessionCheck = (project: any, sessionCode: string) =>
  api(app.url, 'GET', `/api/session${qs(clientCredentials(project))}`, {
    headers: { authorization: `Bearer ${sessionCode}` },
  });

async function auditOf(organizationId: string) {
  return sql<
    Array<{ action: string; target_id: string; actor_email: string; secret_key_id: string | null; details: any }>
  >`
    select action, target_id, actor_email, secret_key_id, details from audit_events
    where organization_id = ${organizationId} order by created_at, id`;
}

async function keyIdOf(secretToken: string): Promise<{ id: string; last_four: string }> {
  const [key] = await sql<Array<{ id: string; last_four: string }>>`select id, last_four from secret_keys
    where last_four = ${secretToken.slice(-4)} and organization_id in (${orgA.organizationId}, ${orgB.organizationId})`;
  if (!key) throw new Error('no such key');
  return key;
}

describe('GET /api/projects/{projectId}/users', () => {
  let emails: string[];
  let hashes: string[];

  beforeAll(async () => {
    emails = [];
    hashes = [];
    for (let i = 0; i < 5; i++) {
      const signedIn = await signInUser(app.url, projectA, randomEmail(`list${i}`));
      emails.push(signedIn.email);
      hashes.push(signedIn.user.userHash);
    }
    await signInUser(app.url, projectA2, randomEmail('elsewhere'));
  });

  it('answers the users, oldest first, with exactly the documented fields', async () => {
    const res = await get(usersPath(projectA.id));
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('x-next-cursor')).toBeNull();
    const mine = res.data.filter((u: any) => hashes.includes(u.userHash));
    expect(mine.map((u: any) => u.emailAddress)).toEqual(emails);
    for (const user of mine) {
      expect(Object.keys(user).sort()).toEqual(['createdAt', 'emailAddress', 'lastSignInAt', 'updatedAt', 'userHash']);
      expect(user.userHash).toMatch(/^[0-9a-f]{64}$/);
    }
    // the other project's user is not listed here
    expect(res.data.every((u: any) => !u.emailAddress.startsWith('elsewhere'))).toBe(true);
  });

  it('pages like GET /api/projects: limit, X-Next-Cursor, Link rel="next" without the key, every user once', async () => {
    const all = (await get(usersPath(projectA.id))).data.map((u: any) => u.userHash);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const seen: string[] = [];
    let path = `${usersPath(projectA.id)}?limit=2&secretToken=${encodeURIComponent(orgA.secretToken)}`;
    let pages = 0;
    for (;;) {
      const res = await api(app.url, 'GET', path);
      expect(res.status, res.text).toBe(200);
      expect(res.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.data.map((u: any) => u.userHash));
      pages++;
      const cursor = res.headers.get('x-next-cursor');
      if (cursor === null) {
        expect(res.headers.get('link')).toBeNull();
        break;
      }
      const link = res.headers.get('link') ?? '';
      expect(link).toMatch(/^<\/api\/projects\/[0-9a-f-]{36}\/users\?limit=2&cursor=[A-Za-z0-9_-]+>; rel="next"$/);
      expect(link).not.toContain('secretToken');
      path = `${link.slice(1, link.indexOf('>'))}&secretToken=${encodeURIComponent(orgA.secretToken)}`;
    }
    expect(pages).toBe(Math.ceil(all.length / 2));
    expect(seen).toEqual(all);
  });

  it('email= filters by exact address, compared trimmed and lower-cased', async () => {
    const target = emails[2] ?? '';
    const res = await get(`${usersPath(projectA.id)}?email=${encodeURIComponent(`  ${target.toUpperCase()} `)}`);
    expect(res.status, res.text).toBe(200);
    expect(res.data.map((u: any) => u.userHash)).toEqual([hashes[2]]);
    expect((await get(`${usersPath(projectA.id)}?email=${encodeURIComponent(randomEmail('nobody'))}`)).data).toEqual(
      [],
    );
    // a prefix is not the address
    expect((await get(`${usersPath(projectA.id)}?email=${encodeURIComponent(target.slice(1))}`)).data).toEqual([]);
    expectFieldError(await get(`${usersPath(projectA.id)}?email=not-an-address`), 'email');
  });

  it('400 for a bad limit or cursor, including a cursor of another project', async () => {
    for (const bad of ['0', '101', '2.5', 'ten'])
      expectFieldError(await get(`${usersPath(projectA.id)}?limit=${bad}`), 'limit');
    expectFieldError(await get(`${usersPath(projectA.id)}?cursor=not-a-cursor`), 'cursor');
    const elsewhere = await get(`${usersPath(projectA2.id)}?limit=1`);
    // project A2 has one user: make another so that it has a next page
    await signInUser(app.url, projectA2, randomEmail('elsewhere2'));
    const paged = await get(`${usersPath(projectA2.id)}?limit=1`);
    const foreignCursor = paged.headers.get('x-next-cursor');
    expect(elsewhere.status).toBe(200);
    expect(foreignCursor).not.toBeNull();
    expectFieldError(await get(`${usersPath(projectA.id)}?cursor=${foreignCursor}`), 'cursor');
  });
});

describe('one user, and deleting a user', () => {
  it('GET answers the user (userHash in either case); 404 for an unknown one or one of another project', async () => {
    const { user } = await signInUser(app.url, projectA, randomEmail('single'));
    const res = await get(userPath(projectA.id, user.userHash));
    expect(res.status, res.text).toBe(200);
    expect(res.data).toMatchObject({
      userHash: user.userHash,
      emailAddress: user.emailAddress,
      createdAt: user.createdAt,
    });
    // the sign-in that made the user (stamped by the app; createdAt by the database's clock)
    expect(Math.abs(Date.parse(res.data.lastSignInAt) - Date.parse(user.createdAt))).toBeLessThan(5_000);
    expect((await get(userPath(projectA.id, user.userHash.toUpperCase()))).data.userHash).toBe(user.userHash);
    expectProblem(await get(userPath(projectA.id, 'f'.repeat(64))), 404, 'not_found');
    // the same organization's other project does not have this user
    expectProblem(await get(userPath(projectA2.id, user.userHash)), 404, 'not_found');
    for (const bad of ['xyz', 'a'.repeat(63), 'g'.repeat(64)])
      expectFieldError(await get(userPath(projectA.id, bad)), 'userHash');
  });

  it('DELETE: 204, the user and their sessions are gone at once; a later sign-in makes a fresh user with the same userHash', async () => {
    const email = randomEmail('deleted');
    const first = await signInUser(app.url, projectA, email);
    const second = await signInUser(app.url, projectA, email);
    expect((await sessionCheck(projectA, first.sessionCode)).data.status).toBe('active');

    const res = await del(userPath(projectA.id, first.user.userHash));
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');
    for (const code of [first.sessionCode, second.sessionCode]) {
      expectProblem(await sessionCheck(projectA, code), 404, 'not_found');
      expectProblem(
        await api(app.url, 'GET', `/api/user${qs(clientCredentials(projectA))}`, {
          headers: { authorization: `Bearer ${code}` },
        }),
        404,
      );
    }
    expectProblem(await get(userPath(projectA.id, first.user.userHash)), 404, 'not_found');
    expectProblem(await get(sessionsOf(projectA.id, first.user.userHash)), 404, 'not_found');
    expect((await get(`${usersPath(projectA.id)}?email=${encodeURIComponent(email)}`)).data).toEqual([]);
    const [left] = await sql`select count(*)::int as n from sessions s join users u on u.id = s.user_id
      where u.email = ${email}`;
    expect(left?.n).toBe(0);
    expectProblem(await del(userPath(projectA.id, first.user.userHash)), 404, 'not_found');

    const again = await signInUser(app.url, projectA, email);
    expect(again.user.userHash).toBe(first.user.userHash);
    expect(Date.parse(again.user.createdAt)).toBeGreaterThan(Date.parse(first.user.createdAt));
    expect((await sessionCheck(projectA, again.sessionCode)).data.status).toBe('active');

    const audit = (await auditOf(orgA.organizationId)).filter((e) => e.action === 'user.deleted');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      target_id: first.user.userHash,
      actor_email: `API key sk_…${orgA.secretToken.slice(-4)}`,
      details: { projectId: projectA.id },
    });
    expect(audit[0]?.secret_key_id).toBe((await keyIdOf(orgA.secretToken)).id);
    // the deleted user's address is not kept in the audit log
    expect(JSON.stringify(audit)).not.toContain(email);
  });
});

describe("a user's sessions", () => {
  it('lists them (id, status, times; never a code), pages them, revokes them all, then one', async () => {
    const email = randomEmail('sessions');
    const signIns = [
      await signInUser(app.url, projectA, email),
      await signInUser(app.url, projectA, email),
      await signInUser(app.url, projectA, email),
    ];
    const userHash = signIns[0]?.user.userHash ?? '';
    const listed = await get(sessionsOf(projectA.id, userHash));
    expect(listed.status, listed.text).toBe(200);
    expect(listed.data).toHaveLength(3);
    for (const s of listed.data) {
      expect(Object.keys(s).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'revokedAt', 'status', 'updatedAt']);
      expect(s).toMatchObject({ status: 'active', revokedAt: null });
      expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    for (const { sessionCode } of signIns) expect(listed.text).not.toContain(sessionCode);
    expect(listed.data.map((s: any) => s.createdAt)).toEqual(signIns.map((s) => s.session.createdAt));

    // pages of one
    const first = await get(`${sessionsOf(projectA.id, userHash)}?limit=1`);
    expect(first.data).toHaveLength(1);
    const cursor = first.headers.get('x-next-cursor') ?? '';
    expect(first.headers.get('link')).toContain('rel="next"');
    const next = await get(`${sessionsOf(projectA.id, userHash)}?limit=1&cursor=${cursor}`);
    expect(next.data[0].id).toBe(listed.data[1].id);
    expectFieldError(await get(`${sessionsOf(projectA.id, userHash)}?limit=1000`), 'limit');

    // revoke one by its id: only that code says revoked
    const [one, two, three] = signIns;
    const oneId: string = listed.data[0].id;
    expect((await del(sessionPath(projectA.id, oneId))).status).toBe(204);
    expect((await sessionCheck(projectA, one?.sessionCode ?? '')).data.status).toBe('revoked');
    expect((await sessionCheck(projectA, two?.sessionCode ?? '')).data.status).toBe('active');
    // revoking it again is not an error
    expect((await del(sessionPath(projectA.id, oneId))).status).toBe(204);

    // revoke them all
    const all = await del(sessionsOf(projectA.id, userHash));
    expect(all.status, all.text).toBe(204);
    for (const s of [one, two, three])
      expect((await sessionCheck(projectA, s?.sessionCode ?? '')).data.status).toBe('revoked');
    const after = await get(sessionsOf(projectA.id, userHash));
    for (const s of after.data) {
      expect(s.status).toBe('revoked');
      expect(Date.parse(s.revokedAt)).not.toBeNaN();
    }
    // the user stays, and signs in again
    expect((await get(userPath(projectA.id, userHash))).status).toBe(200);
    const fresh = await signInUser(app.url, projectA, email);
    expect((await sessionCheck(projectA, fresh.sessionCode)).data.status).toBe('active');

    const audit = (await auditOf(orgA.organizationId)).filter(
      (e) => (e.action === 'session.revoked' && e.target_id === oneId) || e.action === 'user.sessions_revoked',
    );
    expect(audit.map((e) => [e.action, e.target_id])).toEqual([
      ['session.revoked', oneId],
      ['session.revoked', oneId],
      ['user.sessions_revoked', userHash],
    ]);
    expect(audit[2]?.details).toEqual({ projectId: projectA.id, revoked: 2 });
    for (const e of audit) expect(e.actor_email).toBe(`API key sk_…${orgA.secretToken.slice(-4)}`);
  });

  it('404 for an unknown session, or one of another project; 400 for a malformed sid', async () => {
    const { user } = await signInUser(app.url, projectA2, randomEmail('a2'));
    const [session] = (await get(sessionsOf(projectA2.id, user.userHash))).data;
    expectProblem(await del(sessionPath(projectA.id, session.id)), 404, 'not_found');
    expectProblem(await del(sessionPath(projectA.id, crypto.randomUUID())), 404, 'not_found');
    expectFieldError(await del(sessionPath(projectA.id, 'not-a-uuid')), 'sid');
    expectProblem(await del(sessionsOf(projectA.id, 'f'.repeat(64))), 404, 'not_found');
    expect((await get(sessionsOf(projectA2.id, user.userHash))).data[0].status).toBe('active');
  });
});

describe('/api/keys', () => {
  it("lists the organization's keys with their creator; never a key or its hash", async () => {
    const res = await get('/api/keys');
    expect(res.status, res.text).toBe(200);
    expect(res.data).toHaveLength(1);
    const [key] = res.data;
    expect(Object.keys(key).sort()).toEqual([
      'createdAt',
      'createdBy',
      'id',
      'lastFour',
      'lastUsedAt',
      'name',
      'revokedAt',
    ]);
    expect(key).toMatchObject({
      name: 'Default key',
      lastFour: orgA.secretToken.slice(-4),
      createdBy: orgA.email,
      revokedAt: null,
    });
    expect(Date.parse(key.lastUsedAt)).not.toBeNaN();
    expect(res.text).not.toContain(orgA.secretToken);
    expect(res.text).not.toMatch(/[0-9a-f]{64}/);
  });

  it('POST: 201 with the key shown once, usable at once, made by the key of the request; DELETE revokes it at once', async () => {
    const created = await api(app.url, 'POST', '/api/keys', { headers: keyA(), body: { name: '  CI deploys ' } });
    expect(created.status, created.text).toBe(201);
    const { secretToken, id } = created.data;
    expect(secretToken).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(created.data).toMatchObject({
      name: 'CI deploys',
      lastFour: secretToken.slice(-4),
      createdBy: `API key sk_…${orgA.secretToken.slice(-4)}`,
      lastUsedAt: null,
      revokedAt: null,
    });
    const [stored] = await sql`select key_hash from secret_keys where id = ${id}`;
    expect(stored?.key_hash).not.toBe(secretToken);

    // usable at once, for the same organization
    const projects = await get('/api/projects', secretKeyHeader(secretToken));
    expect(projects.status, projects.text).toBe(200);
    expect(projects.data.map((p: any) => p.id)).toContain(projectA.id);
    const listed = (await get('/api/keys')).data;
    expect(listed.map((k: any) => k.id)).toEqual([id, expect.any(String)]);
    expect(listed[0]).not.toHaveProperty('secretToken');
    expect(listed[0].createdBy).toBe(`API key sk_…${orgA.secretToken.slice(-4)}`);

    // revoked by the first key: 401 at once, listed as revoked
    const revoked = await del(`/api/keys/${id}`);
    expect(revoked.status, revoked.text).toBe(204);
    expectProblem(await get('/api/projects', secretKeyHeader(secretToken)), 401, 'unauthorized');
    expect((await get('/api/keys')).data.find((k: any) => k.id === id).revokedAt).not.toBeNull();
    // an unknown, already revoked or another organization's key: 404
    expectProblem(await del(`/api/keys/${id}`), 404, 'not_found');
    expectProblem(await del(`/api/keys/${crypto.randomUUID()}`), 404, 'not_found');
    expectFieldError(await del('/api/keys/not-a-uuid'), 'keyId');

    const audit = (await auditOf(orgA.organizationId)).filter((e) => e.target_id === id);
    expect(audit.map((e) => e.action)).toEqual(['secret_key.created', 'secret_key.revoked']);
    for (const e of audit) {
      expect(e.actor_email).toBe(`API key sk_…${orgA.secretToken.slice(-4)}`);
      expect(e.secret_key_id).toBe((await keyIdOf(orgA.secretToken)).id);
    }
  });

  it('a key may revoke itself; 401 from its next request', async () => {
    const created = await api(app.url, 'POST', '/api/keys', { headers: keyA(), body: { name: 'Short-lived' } });
    const own = secretKeyHeader(created.data.secretToken);
    const res = await del(`/api/keys/${created.data.id}`, own);
    expect(res.status, res.text).toBe(204);
    expectProblem(await get('/api/keys', own), 401, 'unauthorized');
    const [event] = (await auditOf(orgA.organizationId)).filter(
      (e) => e.target_id === created.data.id && e.action === 'secret_key.revoked',
    );
    expect(event?.actor_email).toBe(`API key sk_…${created.data.lastFour}`);
  });

  it('POST validates the name: 400, nothing made', async () => {
    const before = (await get('/api/keys')).data.length;
    expectFieldError(await api(app.url, 'POST', '/api/keys', { headers: keyA(), body: {} }), 'name');
    expectFieldError(await api(app.url, 'POST', '/api/keys', { headers: keyA(), body: { name: '  ' } }), 'name');
    expectFieldError(
      await api(app.url, 'POST', '/api/keys', { headers: keyA(), body: { name: 'x'.repeat(101) } }),
      'name',
    );
    expectProblem(await api(app.url, 'POST', '/api/keys', { headers: keyA(), rawBody: '[1]' }), 400, 'invalid_json');
    expect((await get('/api/keys')).data.length).toBe(before);
  });
});

/** Every admin endpoint, as a request on organization A's objects (valid ids). */
async function endpointsOfA() {
  const { user } = await signInUser(app.url, projectA, randomEmail('endpoints'));
  const [session] = (await get(sessionsOf(projectA.id, user.userHash))).data;
  const keys = (await get('/api/keys')).data;
  const liveKey = keys.find((k: any) => k.revokedAt === null);
  return {
    user,
    session,
    endpoints: [
      ['GET', usersPath(projectA.id)],
      ['GET', userPath(projectA.id, user.userHash)],
      ['DELETE', userPath(projectA.id, user.userHash)],
      ['GET', sessionsOf(projectA.id, user.userHash)],
      ['DELETE', sessionsOf(projectA.id, user.userHash)],
      ['DELETE', sessionPath(projectA.id, session.id)],
      ['GET', '/api/keys'],
      ['POST', '/api/keys'],
      ['DELETE', `/api/keys/${liveKey.id}`],
    ] as Array<[string, string]>,
  };
}

describe('credentials and tenants, on every admin endpoint', () => {
  it('401 without a key, with an unknown or a revoked one; 403 for a client token in any transport', async () => {
    const { user, session, endpoints } = await endpointsOfA();
    const revoked = await api(app.url, 'POST', '/api/keys', { headers: keyA(), body: { name: 'Revoked' } });
    expect((await del(`/api/keys/${revoked.data.id}`)).status).toBe(204);
    for (const [method, path] of endpoints) {
      const label = `${method} ${path}`;
      const body = method === 'POST' ? { name: 'Never made' } : undefined;
      for (const headers of [
        {},
        secretKeyHeader(`sk_${'A'.repeat(43)}`),
        { authorization: `Bearer sk_${'B'.repeat(43)}` },
        secretKeyHeader(revoked.data.secretToken),
      ]) {
        expectProblem(await api(app.url, method, path, { headers, body }), 401, 'unauthorized', label);
      }
      expectProblem(
        await api(app.url, method, `${path}${path.includes('?') ? '&' : '?'}secretToken=nope`, { body }),
        401,
        'unauthorized',
        label,
      );
      // a known project client token, where the secret key is required: a known credential that may not do this
      for (const headers of [
        { authorization: `Bearer ${projectA.clientToken}` },
        { 'x-client-token': projectA.clientToken },
        secretKeyHeader(projectA.clientToken),
        { authorization: `Bearer ${projectB.clientToken}` },
      ]) {
        expectProblem(await api(app.url, method, path, { headers, body }), 403, 'forbidden', label);
      }
      const asQuery = `${path}${path.includes('?') ? '&' : '?'}${qs(clientCredentials(projectA)).slice(1)}`;
      expectProblem(await api(app.url, method, asQuery, { body }), 403, 'forbidden', label);
      // an unknown client token is just an unknown credential
      expectProblem(
        await api(app.url, method, path, { headers: { 'x-client-token': 'ck_unknown' }, body }),
        401,
        'unauthorized',
        label,
      );
    }
    // nothing was done
    expect((await get(userPath(projectA.id, user.userHash))).status).toBe(200);
    expect((await get(sessionsOf(projectA.id, user.userHash))).data[0]).toMatchObject({
      id: session.id,
      status: 'active',
    });
    expect((await get('/api/keys')).data.map((k: any) => k.name)).not.toContain('Never made');
  });

  it('the 403 rule holds on every other secret-key endpoint too (one wrapper)', async () => {
    const workflow = await api(app.url, 'POST', `/api/projects/${projectA.id}/workflows`, {
      headers: keyA(),
      body: { policyId: 'sign_up_sign_in', clientRedirectUrl: `${projectA.allowedOrigin}/done` },
    });
    expect(workflow.status, workflow.text).toBe(201);
    const workflowPath = `/api/projects/${projectA.id}/workflows/${workflow.data.workflowKey}`;
    const projectBody = { name: 'X', allowedOrigin: projectA.allowedOrigin, redirectUrl: projectA.redirectUrl };
    for (const [method, path, body] of [
      ['GET', '/api/projects', undefined],
      ['POST', '/api/projects', projectBody],
      ['GET', `/api/projects/${projectA.id}`, undefined],
      ['PUT', `/api/projects/${projectA.id}`, projectBody],
      ['DELETE', `/api/projects/${projectA.id}`, undefined],
      ['GET', `/api/projects/${projectA.id}/workflows`, undefined],
      ['POST', `/api/projects/${projectA.id}/workflows`, { policyId: 'sign_in', clientRedirectUrl: 'x' }],
      ['GET', workflowPath, undefined],
      ['PUT', workflowPath, { policyId: 'sign_in', clientRedirectUrl: 'x' }],
      ['DELETE', workflowPath, undefined],
      ['POST', '/api/uauth/session', { workflowKey: workflow.data.workflowKey }],
      ['GET', `/api/uauth/session/${'0'.repeat(32)}`, undefined],
    ] as const) {
      const res = await api(app.url, method, path, {
        headers: { authorization: `Bearer ${projectA.clientToken}` },
        body,
      });
      expectProblem(res, 403, 'forbidden', `${method} ${path}`);
    }
    // nothing was done
    expect((await get(`/api/projects/${projectA.id}`)).data.name).toBe('Admin App');
    expect((await get(workflowPath)).status).toBe(200);
  });

  it("404 for another organization's project, user, session and key, and change nothing", async () => {
    const { user, session, endpoints } = await endpointsOfA();
    const auditBefore = (await auditOf(orgA.organizationId)).length;
    const auditOfBBefore = (await auditOf(orgB.organizationId)).length;
    for (const [method, path] of endpoints) {
      if (path === '/api/keys') continue; // the list and create act on the caller's own organization
      expectProblem(await api(app.url, method, path, { headers: keyB() }), 404, 'not_found', `${method} ${path}`);
    }
    // B's own list shows nothing of A
    const keysOfB = (await get('/api/keys', keyB())).data;
    expect(keysOfB).toHaveLength(1);
    expect(keysOfB[0].createdBy).toBe(orgB.email);
    expect((await get(usersPath(projectB.id), keyB())).data).toEqual([]);
    // A's things are intact, and nothing was recorded
    expect((await get(userPath(projectA.id, user.userHash))).status).toBe(200);
    expect((await get(sessionsOf(projectA.id, user.userHash))).data[0]).toMatchObject({
      id: session.id,
      status: 'active',
    });
    expect((await get('/api/keys')).data.every((k: any) => k.revokedAt === null || k.name !== 'Default key')).toBe(
      true,
    );
    expect((await auditOf(orgA.organizationId)).length).toBe(auditBefore);
    expect((await auditOf(orgB.organizationId)).length).toBe(auditOfBBefore);
  });

  it('404 for an unknown or deleted project; 400 for a malformed project id', async () => {
    const doomed = await createProject(app.url, orgA.secretToken, { name: 'Doomed' });
    const { user } = await signInUser(app.url, doomed, randomEmail('doomed'));
    const [session] = (await get(sessionsOf(doomed.id, user.userHash))).data;
    expect((await del(`/api/projects/${doomed.id}`)).status).toBe(204);
    for (const projectId of [doomed.id, crypto.randomUUID()]) {
      for (const [method, path] of [
        ['GET', usersPath(projectId)],
        ['GET', userPath(projectId, user.userHash)],
        ['DELETE', userPath(projectId, user.userHash)],
        ['GET', sessionsOf(projectId, user.userHash)],
        ['DELETE', sessionsOf(projectId, user.userHash)],
        ['DELETE', sessionPath(projectId, session.id)],
      ] as const) {
        expectProblem(await api(app.url, method, path, { headers: keyA() }), 404, 'not_found', `${method} ${path}`);
      }
    }
    expectFieldError(await get(usersPath('not-a-uuid')), 'projectId');
    expectFieldError(await del(sessionPath('not-a-uuid', session.id)), 'projectId');
  });
});

// POST /api/session/refresh and the projects' sliding idle expiry (sessionIdleSeconds) against
// the real app (next start + PostgreSQL): a refresh extends to now + idle and never beyond the
// absolute lifetime, leaves expiresAt alone without idle, answers a new access token; revoked
// and expired sessions are refused at once (403), unknown ones 404, wrong credentials 401/403;
// the code travels as on GET /api/session; CORS and preflight; and sessionIdleSeconds is
// validated by the API and the dashboard's settings form alike.
import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  clientCredentials,
  createProject,
  qs,
  randomEmail,
  secretKeyHeader,
  setupProject,
  signInUser,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createProjectInDashboard, request, signIn, submitForm } from '../support/dashboard';
import { connect } from '../support/postgres';
import { expectFieldError, expectProblem } from '../support/problem';

type Project = { id: string; clientToken: string; name: string; allowedOrigin: string };

const TTL = 120;
let app: AppServer;
let sql: ReturnType<typeof connect>;
let secretToken: string;
let fixed: Project; // no sliding: sessions last sessionValidSeconds (3600)
let sliding: Project; // sessionIdleSeconds 600 of sessionValidSeconds 3600
let other: Project; // another organization's project

beforeAll(async () => {
  app = await startApp({ env: { ACCESS_TOKEN_TTL_SECONDS: String(TTL), RATE_LIMIT_SEND_PER_ADDRESS: '100/1m' } });
  sql = connect(app.databaseUrl ?? '');
  const a = await setupProject(app);
  secretToken = a.secretToken;
  fixed = a.project;
  sliding = await createProject(app.url, secretToken, {
    name: 'Sliding',
    sessionValidSeconds: 3600,
    sessionIdleSeconds: 600,
  });
  other = (await setupProject(app, { name: 'Other Org App' })).project;
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

// ---------------------------------------------------------------- helpers

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

const refresh = (p: Project, sessionCode: string, headers: Record<string, string> = {}) =>
  api(app.url, 'POST', `/api/session/refresh${qs(clientCredentials(p))}`, {
    headers: { authorization: `Bearer ${sessionCode}`, ...headers },
  });

async function storedSession(sessionCode: string) {
  const [row] = await sql<
    { id: string; created_at: Date; updated_at: Date; expires_at: Date; revoked_at: Date | null }[]
  >`
    select id, created_at, updated_at, expires_at, revoked_at from sessions where code_hash = ${sha256(sessionCode)}`;
  if (!row) throw new Error('no such session');
  return row;
}

async function expectTokenOf(token: string, p: Project, sessionCode: string) {
  const jwks = await api(app.url, 'GET', `/api/projects/${p.id}/jwks.json`);
  const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.data), { issuer: app.url, audience: p.id });
  expect(payload.sid).toBe((await storedSession(sessionCode)).id);
  return payload;
}

// ---------------------------------------------------------------- sliding

describe('POST /api/session/refresh with sessionIdleSeconds', () => {
  it('a new session expires after the idle time; refresh moves expiresAt to now + idle and answers a new token', async () => {
    const { session, sessionCode } = await signInUser(app.url, sliding);
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(600 * 1000);

    // Some idle time passed: 100 s of its 600 remain.
    await sql`update sessions set expires_at = now() + interval '100 seconds' where code_hash = ${sha256(sessionCode)}`;
    const before = Date.now();
    const res = await refresh(sliding, sessionCode);
    const after = Date.now();
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.data).sort()).toEqual(['accessToken', 'accessTokenExpiresAt', 'session', 'status']);
    expect(res.data.status).toBe('active');
    expect(res.data.session).toEqual({
      code: sessionCode,
      status: 'active',
      createdAt: session.createdAt,
      updatedAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    const expiresAt = Date.parse(res.data.session.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 600_000 - 5);
    expect(expiresAt).toBeLessThanOrEqual(after + 600_000 + 5);
    expect((await storedSession(sessionCode)).expires_at.toISOString()).toBe(res.data.session.expiresAt);
    const check = await api(app.url, 'GET', `/api/session${qs({ ...clientCredentials(sliding), sessionCode })}`);
    expect(check.data.expiresAt).toBe(res.data.session.expiresAt);

    const claims = await expectTokenOf(res.data.accessToken, sliding, sessionCode);
    expect(claims.exp).toBe((claims.iat ?? 0) + TTL);
    expect(res.data.accessTokenExpiresAt).toBe(new Date((claims.exp ?? 0) * 1000).toISOString());
  });

  it('never extends beyond createdAt + sessionValidSeconds, and the token ends with the session', async () => {
    const { sessionCode } = await signInUser(app.url, sliding);
    // Signed in almost an hour ago: 30 s of the absolute lifetime remain.
    await sql`update sessions set created_at = now() - interval '3570 seconds', expires_at = now() + interval '10 seconds'
      where code_hash = ${sha256(sessionCode)}`;
    const res = await refresh(sliding, sessionCode);
    expect(res.status, res.text).toBe(200);
    const stored = await storedSession(sessionCode);
    expect(res.data.session.expiresAt).toBe(new Date(stored.created_at.getTime() + 3600 * 1000).toISOString());
    expect(stored.expires_at.getTime()).toBe(stored.created_at.getTime() + 3600 * 1000);
    const claims = decodeJwt(res.data.accessToken);
    expect(claims.exp).toBe(Math.floor(stored.expires_at.getTime() / 1000));
    expect(claims.exp).toBeLessThan((claims.iat ?? 0) + TTL);
  });
});

describe('POST /api/session/refresh without sessionIdleSeconds', () => {
  it('leaves expiresAt as it is and answers a new access token', async () => {
    const { session, sessionCode } = await signInUser(app.url, fixed);
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(3600 * 1000);
    const res = await refresh(fixed, sessionCode);
    expect(res.status, res.text).toBe(200);
    expect(res.data.session.expiresAt).toBe(session.expiresAt);
    expect((await storedSession(sessionCode)).expires_at.toISOString()).toBe(session.expiresAt);
    await expectTokenOf(res.data.accessToken, fixed, sessionCode);
  });

  it('takes the session code in the body or the query too', async () => {
    const { sessionCode } = await signInUser(app.url, fixed);
    const body = await api(app.url, 'POST', '/api/session/refresh', {
      body: { ...clientCredentials(fixed), sessionCode },
    });
    expect(body.status, body.text).toBe(200);
    const query = await api(app.url, 'POST', `/api/session/refresh${qs({ ...clientCredentials(fixed), sessionCode })}`);
    expect(query.status, query.text).toBe(200);
    const header = await api(app.url, 'POST', '/api/session/refresh', {
      headers: { 'x-client-token': fixed.clientToken, authorization: `Bearer ${sessionCode}` },
      body: { projectId: fixed.id },
    });
    expect(header.status, header.text).toBe(200);
  });
});

// ---------------------------------------------------------------- refusals

describe('POST /api/session/refresh refuses', () => {
  it('a revoked session at once (403), while its earlier access token still verifies until exp', async () => {
    const { sessionCode } = await signInUser(app.url, sliding);
    const first = await refresh(sliding, sessionCode);
    expect(first.status).toBe(200);
    const signedOut = await api(app.url, 'DELETE', `/api/session${qs(clientCredentials(sliding))}`, {
      headers: { authorization: `Bearer ${sessionCode}` },
    });
    expect(signedOut.status).toBe(204);
    const before = await storedSession(sessionCode);
    const res = await refresh(sliding, sessionCode);
    expectProblem(res, 403, 'session_inactive');
    expect(res.data.detail).toMatch(/revoked/);
    const after = await storedSession(sessionCode);
    expect(after.expires_at.getTime()).toBe(before.expires_at.getTime());
    expect(after.updated_at.getTime()).toBe(before.updated_at.getTime());
    // documented: the access token is not recalled; GET /api/session is the online check
    await expectTokenOf(first.data.accessToken, sliding, sessionCode);
    const check = await api(app.url, 'GET', `/api/session${qs({ ...clientCredentials(sliding), sessionCode })}`);
    expect(check.data.status).toBe('revoked');
  });

  it('an expired session (403), and does not revive it', async () => {
    const { sessionCode } = await signInUser(app.url, sliding);
    await sql`update sessions set expires_at = now() - interval '1 second' where code_hash = ${sha256(sessionCode)}`;
    const before = await storedSession(sessionCode);
    const res = await refresh(sliding, sessionCode);
    expectProblem(res, 403, 'session_inactive');
    expect(res.data.detail).toMatch(/expired/);
    expect((await storedSession(sessionCode)).expires_at.getTime()).toBe(before.expires_at.getTime());
  });

  it('an unknown session code or one of another project (404)', async () => {
    expectProblem(await refresh(fixed, 'no-such-session-code'), 404, 'not_found');
    const { sessionCode } = await signInUser(app.url, other);
    expectProblem(await refresh(fixed, sessionCode), 404, 'not_found');
  });

  it('wrong credentials: 401 unknown token, 403 another project token, 400 a missing code or project', async () => {
    const { sessionCode } = await signInUser(app.url, fixed);
    const unknown = await api(
      app.url,
      'POST',
      `/api/session/refresh${qs({ projectId: fixed.id, clientToken: 'ck_nope' })}`,
      {
        headers: { authorization: `Bearer ${sessionCode}` },
      },
    );
    expectProblem(unknown, 401, 'unauthorized');
    const foreign = await api(
      app.url,
      'POST',
      `/api/session/refresh${qs({ projectId: fixed.id, clientToken: other.clientToken })}`,
      { headers: { authorization: `Bearer ${sessionCode}` } },
    );
    expectProblem(foreign, 403, 'forbidden');
    const noCode = await api(app.url, 'POST', `/api/session/refresh${qs(clientCredentials(fixed))}`);
    expectFieldError(noCode, 'sessionCode');
    const noProject = await api(app.url, 'POST', `/api/session/refresh${qs({ clientToken: fixed.clientToken })}`, {
      headers: { authorization: `Bearer ${sessionCode}` },
    });
    expectProblem(noProject, 400, 'validation_failed');
    const deleted = await createProject(app.url, secretToken, { name: 'Soon gone' });
    const gone = await signInUser(app.url, deleted);
    await api(app.url, 'DELETE', `/api/projects/${deleted.id}`, { headers: secretKeyHeader(secretToken) });
    expectProblem(await refresh(deleted, gone.sessionCode), 401, 'unauthorized');
    expectProblem(await api(app.url, 'GET', '/api/session/refresh'), 405, 'method_not_allowed');
  });
});

// ---------------------------------------------------------------- CORS

describe('POST /api/session/refresh from a browser', () => {
  it("answers the project's allowedOrigin with CORS headers and refuses any other origin", async () => {
    const { sessionCode } = await signInUser(app.url, sliding);
    const ok = await refresh(sliding, sessionCode, { origin: sliding.allowedOrigin });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(sliding.allowedOrigin);
    expect(ok.headers.get('vary')).toMatch(/Origin/);

    const before = await storedSession(sessionCode);
    const evil = await refresh(sliding, sessionCode, { origin: 'https://evil.example' });
    expectProblem(evil, 403, 'origin_not_allowed');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect((await storedSession(sessionCode)).updated_at.getTime()).toBe(before.updated_at.getTime());
  });

  it('answers the preflight', async () => {
    const res = await fetch(`${app.url}/api/session/refresh?projectId=${sliding.id}`, {
      method: 'OPTIONS',
      headers: {
        origin: sliding.allowedOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, x-client-token',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(sliding.allowedOrigin);
    expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, x-client-token');
    const evil = await fetch(`${app.url}/api/session/refresh?projectId=${sliding.id}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// ---------------------------------------------------------------- sessionIdleSeconds

describe('sessionIdleSeconds', () => {
  const base = { name: 'Idle', allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/cb' };
  const post = (body: Record<string, unknown>) =>
    api(app.url, 'POST', '/api/projects', { headers: secretKeyHeader(secretToken), body: { ...base, ...body } });

  it('is optional (null), 60 up to sessionValidSeconds, and PUT without it turns sliding off', async () => {
    const none = await post({});
    expect(none.status, none.text).toBe(201);
    expect(none.data.sessionIdleSeconds).toBeNull();
    expect((await post({ sessionIdleSeconds: null })).data.sessionIdleSeconds).toBeNull();
    const set = await post({ sessionValidSeconds: 7200, sessionIdleSeconds: 7200 });
    expect(set.status, set.text).toBe(201);
    expect(set.data.sessionIdleSeconds).toBe(7200);
    const read = await api(app.url, 'GET', `/api/projects/${set.data.id}`, { headers: secretKeyHeader(secretToken) });
    expect(read.data.sessionIdleSeconds).toBe(7200);
    const put = await api(app.url, 'PUT', `/api/projects/${set.data.id}`, {
      headers: secretKeyHeader(secretToken),
      body: base,
    });
    expect(put.status, put.text).toBe(200);
    expect(put.data.sessionIdleSeconds).toBeNull();
  });

  it('answers 400 below 60, above sessionValidSeconds (its default too), or not an integer', async () => {
    for (const body of [
      { sessionIdleSeconds: 59 },
      { sessionIdleSeconds: 600, sessionValidSeconds: 300 },
      { sessionIdleSeconds: 3601 },
      { sessionIdleSeconds: 90.5 },
      { sessionIdleSeconds: '600' },
      { sessionIdleSeconds: 31_536_001, sessionValidSeconds: 31_536_000 },
    ]) {
      const res = await post(body);
      expectFieldError(res, 'sessionIdleSeconds');
    }
    const tooLong = await post({ sessionIdleSeconds: 600, sessionValidSeconds: 300 });
    expect(tooLong.data.errors).toEqual([
      { path: 'sessionIdleSeconds', message: 'must not exceed sessionValidSeconds' },
    ]);
    expect((await post({ sessionIdleSeconds: 59 })).data.errors[0].message).toBe('must be at least 60');
  });

  it("is in the dashboard's settings form, with the same rules", async () => {
    const { jar } = await signIn(app.url, randomEmail('dev'));
    const projectId = await createProjectInDashboard(app.url, jar, 'Idle in the dashboard', {
      sessionIdleSeconds: '',
    });
    const [created] = await sql`select session_idle_seconds from projects where id = ${projectId}`;
    expect(created?.session_idle_seconds).toBeNull();
    const settings = `/dashboard/projects/${projectId}/settings`;
    const saved = await submitForm(app.url, jar, settings, 'project-settings', { sessionIdleSeconds: '900' });
    expect(saved.text).toContain('Settings saved.');
    const [row] = await sql`select session_idle_seconds from projects where id = ${projectId}`;
    expect(row?.session_idle_seconds).toBe(900);
    const page = await request(app.url, jar, 'GET', settings);
    expect(page.text).toMatch(/name="sessionIdleSeconds"[^>]*value="900"|value="900"[^>]*name="sessionIdleSeconds"/);

    const tooLong = await submitForm(app.url, jar, settings, 'project-settings', {
      sessionValidSeconds: '600',
      sessionIdleSeconds: '900',
    });
    expect(tooLong.text).toContain('must not exceed sessionValidSeconds');
    const tooShort = await submitForm(app.url, jar, settings, 'project-settings', { sessionIdleSeconds: '30' });
    expect(tooShort.text).toContain('must be at least 60');
    const [unchanged] =
      await sql`select session_idle_seconds, session_valid_seconds from projects where id = ${projectId}`;
    expect(unchanged).toEqual({ session_idle_seconds: 900, session_valid_seconds: 3600 });

    const off = await submitForm(app.url, jar, settings, 'project-settings', { sessionIdleSeconds: '' });
    expect(off.text).toContain('Settings saved.');
    const [cleared] = await sql`select session_idle_seconds from projects where id = ${projectId}`;
    expect(cleared?.session_idle_seconds).toBeNull();
  });
});

// Browser calls to the client-token endpoints: a request with an Origin must come from
// the project's allowedOrigin and then carries Access-Control-Allow-Origin for it; other
// origins get 403 and change nothing; preflights are answered. Against the real app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createProject,
  clientCredentials as creds,
  mailbox as mailboxAt,
  qs,
  randomEmail,
  sendMagicLink,
  setupProject,
  signInUser,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { expectProblem } from '../support/problem';

type Project = { id: string; clientToken: string; allowedOrigin: string };

const ALLOWED = 'http://localhost:4321';
const EVIL = 'https://evil.example.com';
const OTHER_ALLOWED = 'http://127.0.0.1:5555';

let app: AppServer;
let project: Project; // allowedOrigin http://localhost:4321
let second: Project; // allowedOrigin http://127.0.0.1:5555

beforeAll(async () => {
  app = await startApp();
  const setup = await setupProject(app);
  project = setup.project;
  expect(project.allowedOrigin).toBe(ALLOWED);
  second = await createProject(app.url, setup.secretToken, {
    name: 'Second App',
    allowedOrigin: OTHER_ALLOWED,
    redirectUrl: `${OTHER_ALLOWED}/cb`,
  });
});
afterAll(async () => {
  await app?.stop();
});

// ---------------------------------------------------------------- helpers

function varyHas(headers: Headers, name: string): boolean {
  return (headers.get('vary') ?? '')
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .includes(name.toLowerCase());
}

function expectCors(res: { headers: Headers }, origin: string) {
  expect(res.headers.get('access-control-allow-origin')).toBe(origin);
  expect(varyHas(res.headers, 'Origin'), `Vary: ${res.headers.get('vary')}`).toBe(true);
}

function expectForbidden(res: { status: number; headers: Headers; data: any; text: string }, origin: string) {
  expectProblem(res, 403);
  const acao = res.headers.get('access-control-allow-origin');
  expect(acao === origin || acao === '*').toBe(false);
}

const mailbox = (email: string) => mailboxAt(app.url, email);
/** A signed-in end user's session code. */
const signIn = async () => (await signInUser(app.url, project, randomEmail('cors'))).sessionCode;

// ---------------------------------------------------------------- requests with an Origin

describe('requests with the allowed Origin', () => {
  it('send: 201 with Access-Control-Allow-Origin exactly that origin and Vary: Origin', async () => {
    const email = randomEmail('allowed');
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      headers: { origin: ALLOWED },
      body: { ...creds(project), emailAddress: email },
    });
    expect(res.status, res.text).toBe(201);
    expectCors(res, ALLOWED);
    expect(await mailbox(email)).toHaveLength(1);
  });

  it('verify, session, user and sign-out all carry the CORS headers', async () => {
    const { code: challengeCode } = await sendMagicLink(app.url, project, randomEmail('flow'));

    const verified = await api(app.url, 'POST', '/api/challenge/verify', {
      headers: { origin: ALLOWED },
      body: { ...creds(project), challengeCode },
    });
    expect(verified.status, verified.text).toBe(200);
    expectCors(verified, ALLOWED);
    const sessionCode = verified.data.session.code;

    const session = await api(app.url, 'GET', `/api/session${qs({ ...creds(project), sessionCode })}`, {
      headers: { origin: ALLOWED },
    });
    expect(session.status, session.text).toBe(200);
    expectCors(session, ALLOWED);

    const user = await api(app.url, 'GET', `/api/user${qs({ ...creds(project), sessionCode })}`, {
      headers: { origin: ALLOWED },
    });
    expect(user.status, user.text).toBe(200);
    expectCors(user, ALLOWED);

    const del = await api(app.url, 'DELETE', `/api/session${qs({ ...creds(project), sessionCode })}`, {
      headers: { origin: ALLOWED },
    });
    expect(del.status, del.text).toBe(204);
    expectCors(del, ALLOWED);
  });

  it('error answers to the allowed origin carry the CORS headers too (so the app can read them)', async () => {
    const res = await api(app.url, 'POST', '/api/challenge/verify', {
      headers: { origin: ALLOWED },
      body: { ...creds(project), challengeCode: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    expect(res.status, res.text).toBe(404);
    expectCors(res, ALLOWED);
  });
});

describe('requests with another Origin', () => {
  it.each([
    ['another site', EVIL],
    ['the allowed host on another port', 'http://localhost:4322'],
    ['the allowed host over https', 'https://localhost:4321'],
    ['"null"', 'null'],
    ["another project's allowed origin", OTHER_ALLOWED],
  ])('send from %s: 403 problem JSON, nothing sent', async (_label, origin) => {
    const email = randomEmail('evil');
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      headers: { origin },
      body: { ...creds(project), emailAddress: email },
    });
    expectForbidden(res, origin);
    expect(await mailbox(email)).toHaveLength(0);
  });

  it('verify from another origin: 403 and the code is not consumed', async () => {
    const { code: challengeCode } = await sendMagicLink(app.url, project, randomEmail('evil-verify'));
    const res = await api(app.url, 'POST', '/api/challenge/verify', {
      headers: { origin: EVIL },
      body: { ...creds(project), challengeCode },
    });
    expectForbidden(res, EVIL);
    const ok = await api(app.url, 'POST', '/api/challenge/verify', { body: { ...creds(project), challengeCode } });
    expect(ok.status, ok.text).toBe(200);
  });

  it('session, user and sign-out from another origin: 403, and the session stays active', async () => {
    const sessionCode = await signIn();
    for (const [method, path] of [
      ['GET', '/api/session'],
      ['GET', '/api/user'],
      ['DELETE', '/api/session'],
    ] as const) {
      const res = await api(app.url, method, `${path}${qs({ ...creds(project), sessionCode })}`, {
        headers: { origin: EVIL },
      });
      expectForbidden(res, EVIL);
    }
    const session = await api(app.url, 'GET', `/api/session${qs({ ...creds(project), sessionCode })}`);
    expect(session.data.status).toBe('active');
  });
});

describe('requests without an Origin', () => {
  it('succeed and carry no Access-Control-Allow-Origin', async () => {
    const sent = await api(app.url, 'POST', '/api/challenge/send', {
      body: { ...creds(project), emailAddress: randomEmail('server') },
    });
    expect(sent.status, sent.text).toBe(201);
    expect(sent.headers.get('access-control-allow-origin')).toBeNull();

    const sessionCode = await signIn();
    const session = await api(app.url, 'GET', `/api/session${qs({ ...creds(project), sessionCode })}`);
    expect(session.status).toBe(200);
    expect(session.headers.get('access-control-allow-origin')).toBeNull();
  });
});

// ---------------------------------------------------------------- preflights

describe('OPTIONS preflight', () => {
  it('from the allowed origin with ?projectId=: 204 with Allow-Origin and Allow-Methods', async () => {
    const res = await api(
      app.url,
      'OPTIONS',
      `/api/challenge/send${qs({ projectId: project.id, clientToken: project.clientToken })}`,
      {
        headers: {
          origin: ALLOWED,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      },
    );
    expect(res.status, res.text).toBe(204);
    expectCors(res, ALLOWED);
    const methods = (res.headers.get('access-control-allow-methods') ?? '').toUpperCase();
    expect(methods).toContain('POST');
    const allowHeaders = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    expect(allowHeaders === '*' || allowHeaders.includes('content-type')).toBe(true);
  });

  it('for /api/session lists GET and DELETE, and allows the Authorization header', async () => {
    const res = await api(app.url, 'OPTIONS', `/api/session${qs({ projectId: project.id })}`, {
      headers: {
        origin: ALLOWED,
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization, x-client-token',
      },
    });
    expect(res.status, res.text).toBe(204);
    expectCors(res, ALLOWED);
    const methods = (res.headers.get('access-control-allow-methods') ?? '').toUpperCase();
    expect(methods).toContain('GET');
    expect(methods).toContain('DELETE');
    const allowHeaders = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    expect(allowHeaders).toContain('authorization');
    expect(allowHeaders).toContain('x-client-token');
  });

  it('for verify and user from the allowed origin: 204', async () => {
    for (const [path, method] of [
      ['/api/challenge/verify', 'POST'],
      ['/api/user', 'GET'],
    ] as const) {
      const res = await api(app.url, 'OPTIONS', `${path}${qs({ projectId: project.id })}`, {
        headers: { origin: ALLOWED, 'access-control-request-method': method },
      });
      expect(res.status, `${path}: ${res.text}`).toBe(204);
      expectCors(res, ALLOWED);
      expect((res.headers.get('access-control-allow-methods') ?? '').toUpperCase()).toContain(method);
    }
  });

  it('from another origin: 403, without Allow-Origin for it', async () => {
    const res = await api(app.url, 'OPTIONS', `/api/challenge/send${qs({ projectId: project.id })}`, {
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    expect(res.status, res.text).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  it("from project A's origin for project B's id: 403", async () => {
    const res = await api(app.url, 'OPTIONS', `/api/challenge/send${qs({ projectId: second.id })}`, {
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(res.status, res.text).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();

    const ok = await api(app.url, 'OPTIONS', `/api/challenge/send${qs({ projectId: second.id })}`, {
      headers: { origin: OTHER_ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(ok.status, ok.text).toBe(204);
    expectCors(ok, OTHER_ALLOWED);
  });

  it('for an unknown projectId: no Allow-Origin', async () => {
    const res = await api(app.url, 'OPTIONS', `/api/challenge/send${qs({ projectId: crypto.randomUUID() })}`, {
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

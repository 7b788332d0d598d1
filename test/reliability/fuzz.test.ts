// Input fuzzing of every /api route, against the running app (next start, PostgreSQL),
// with valid credentials so that the parsing behind authentication is reached:
// generated JSON bodies, query strings and path segments (fast-check) with NUL bytes,
// prototype-pollution keys, SQL metacharacters, huge numbers, wrong types, deep nesting,
// invalid JSON and bodies over 1 MB. Every answer must be below 500, every 4xx problem
// JSON (RFC 9457) with its fields, nothing the app logs as an unhandled error, and the
// app must still serve the full flow afterwards.
//
// FUZZ_RUNS (runs per route, default 120) and FUZZ_SEED (to replay a failure) tune it.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createProject, jsonOrUndefined, latestCode, randomEmail, setupProject, signInUser } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createWorkflow, startHostedLogin } from '../support/hosted';
import { expectProblem } from '../support/problem';
import { credentialPlacement, type FuzzTargets, inputFor, queryGarbage, requestFor, routesFor } from './fuzz-inputs';
import { noRateLimits } from './support';

const routes = routesFor(() => ctx);

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const MB = 1024 * 1024;

let app: AppServer;
let ctx: FuzzTargets;
const tally = {
  requests: 0,
  byStatus: {} as Record<number, number>,
  byRoute: {} as Record<string, Record<number, number>>,
};

/** One request; asserts the answer. */
async function call(
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
  route = 'hand-picked',
) {
  const res = await fetch(`${app.url}${path}`, {
    method,
    headers: init.headers,
    body: init.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  tally.requests++;
  tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
  tally.byRoute[route] ??= {};
  const perRoute = tally.byRoute[route];
  perRoute[res.status] = (perRoute[res.status] ?? 0) + 1;
  const label = `${method} ${path.slice(0, 300)} ${init.body?.slice(0, 300) ?? ''} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, label).toBeLessThan(500);
  if (res.status >= 400) {
    const problem = { status: res.status, headers: res.headers, text, data: jsonOrUndefined(text) };
    expectProblem(problem, undefined, undefined, label);
    expect(problem.data.type, label).toMatch(/^urn:uauth:error:/);
  } else if (res.status >= 300) {
    // e.g. `/api/projects/%2e%2e` is `/api/` to the URL parser, and Next redirects away the trailing slash
    expect(res.headers.get('location'), label).toBeTruthy();
  } else if (text) {
    expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
    JSON.parse(text);
  }
  return { status: res.status, text };
}

// ---------------------------------------------------------------- tests

beforeAll(async () => {
  app = await startApp({ env: noRateLimits });
  const { secretToken, project } = await setupProject(app);
  const victim = await createProject(app.url, secretToken, { name: 'Victim', redirectUrl: 'http://localhost:4321/cb' });
  const wf = await createWorkflow(app.url, secretToken, project);
  const victimWf = await createWorkflow(app.url, secretToken, project, { policyId: 'sign_in' });
  const hosted = await startHostedLogin(app.url, secretToken, wf.workflowKey);
  const {
    challengeCode: usedChallengeCode,
    sessionCode,
    user,
  } = await signInUser(app.url, project, randomEmail('fuzz'));
  const victimUser = await signInUser(app.url, project, randomEmail('fuzz-victim'));
  const key = { 'x-upid-organization-key': secretToken };
  const sessions = await api(app.url, 'GET', `/api/projects/${project.id}/users/${user.userHash}/sessions`, {
    headers: key,
  });
  const victimKey = await api(app.url, 'POST', '/api/keys', { headers: key, body: { name: 'Victim key' } });
  ctx = {
    secretToken,
    projectId: project.id,
    clientToken: project.clientToken,
    victimProjectId: victim.id,
    workflowKey: wf.workflowKey,
    victimWorkflowKey: victimWf.workflowKey,
    hostedLoginId: hosted.sessionId,
    sessionCode,
    usedChallengeCode,
    userHash: user.userHash,
    victimUserHash: victimUser.user.userHash,
    sessionId: sessions.data[0].id,
    victimKeyId: victimKey.data.id,
  };
});

afterAll(async () => {
  console.log(`[fuzz] ${tally.requests} requests, statuses ${JSON.stringify(tally.byStatus)}`);
  for (const [route, statuses] of Object.entries(tally.byRoute))
    console.log(`[fuzz]   ${route}: ${JSON.stringify(statuses)}`);
  await app?.stop();
});

describe('generated input on every route: never a 5xx, always problem JSON', () => {
  for (const route of routes) {
    it.concurrent(`${route.name} (${RUNS} generated requests)`, async () => {
      await fc.assert(
        fc.asyncProperty(
          route.path(),
          inputFor(route.fields()),
          credentialPlacement,
          queryGarbage,
          async (path, input, placement, garbage) => {
            const req = requestFor(ctx, route, input, placement, garbage, path);
            await call(req.method, req.path, { body: req.body, headers: req.headers }, route.name);
          },
        ),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    });
  }
});

describe('hand-picked hostile input', () => {
  const bodyRoutes = () =>
    [
      ['POST', '/api/projects', 'secret'],
      ['PUT', `/api/projects/${ctx.victimProjectId}`, 'secret'],
      ['POST', `/api/projects/${ctx.projectId}/workflows`, 'secret'],
      ['PUT', `/api/projects/${ctx.projectId}/workflows/${ctx.victimWorkflowKey}`, 'secret'],
      ['POST', '/api/uauth/session', 'secret'],
      ['POST', '/api/keys', 'secret'],
      ['POST', '/api/challenge/send', 'client'],
      ['POST', '/api/challenge/verify', 'client'],
      ['DELETE', '/api/session', 'client'],
    ] as const;
  const credentials = (auth: 'secret' | 'client'): Record<string, string> =>
    auth === 'secret' ? { 'x-upid-organization-key': ctx.secretToken } : { 'x-client-token': ctx.clientToken };

  // Regression (found by this fuzzer): Next's router answered these with a bare
  // text/plain 500 before any route ran; proxy.ts now answers 400.
  it('paths with broken percent-encoding → 400 problem JSON under /api, an HTML page elsewhere', async () => {
    const key = { 'x-upid-organization-key': ctx.secretToken };
    for (const path of [
      '/api/projects/%zz',
      '/api/projects/%E0%A4%A',
      `/api/projects/%C0%AF/workflows`,
      `/api/projects/${ctx.projectId}/workflows/%E0%A4%A`,
      '/api/uauth/session/%E0%A4%A',
      '/api/no-such-route/%zz',
      '/api/%',
    ]) {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const res = await call(method, path, { headers: key });
        expect(res.status, `${method} ${path}`).toBe(400);
      }
    }
    for (const path of ['/l/%zz', '/l/%E0%A4%A', '/uauth/%C0%AF']) {
      const res = await fetch(`${app.url}${path}`);
      const text = await res.text();
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(text).toMatch(/not valid/);
    }
  });

  it('a request head over 16 KB is refused by Node itself (431, before the app) and the app goes on', async () => {
    const res = await fetch(`${app.url}/api/projects?x=${'a'.repeat(20_000)}`, {
      headers: { 'x-upid-organization-key': ctx.secretToken },
    });
    expect(res.status).toBe(431);
    const list = await call('GET', '/api/projects', { headers: { 'x-upid-organization-key': ctx.secretToken } });
    expect(list.status).toBe(200);
  });

  it('bodies over 1 MB → 413 on every route that takes a body; exactly 1 MB is read', async () => {
    for (const [method, path, auth] of bodyRoutes()) {
      const over = `{"projectId":"${ctx.projectId}","name":"${'x'.repeat(MB)}"}`;
      const res = await call(method, path, {
        body: over,
        headers: { ...credentials(auth), 'content-type': 'application/json' },
      });
      expect(res.status, `${method} ${path}`).toBe(413);
      const head = `{"projectId":"${ctx.projectId}","name":"`;
      const exact = `${head}${'x'.repeat(MB - head.length - 2)}"}`;
      expect(Buffer.byteLength(exact)).toBe(MB);
      const at = await call(method, path, {
        body: exact,
        headers: { ...credentials(auth), 'content-type': 'application/json' },
      });
      expect(at.status, `${method} ${path} with exactly 1 MB`).not.toBe(413);
    }
  });

  it('prototype-pollution keys are plain data: they neither authenticate nor fill fields', async () => {
    for (const outer of ['__proto__', 'constructor', 'prototype']) {
      const body = `{"${outer}":{"projectId":"${ctx.projectId}","clientToken":"${ctx.clientToken}","emailAddress":"p@example.test"}}`;
      const res = await call('POST', '/api/challenge/send', { body, headers: { 'content-type': 'application/json' } });
      expect(res.status, res.text).toBeGreaterThanOrEqual(400);
      const secret = await call('POST', '/api/projects', {
        body: `{"name":"P","allowedOrigin":"https://p.example","redirectUrl":"https://p.example/cb","${outer}":{"sessionValidSeconds":1}}`,
        headers: { 'x-upid-organization-key': ctx.secretToken },
      });
      expect(secret.status, secret.text).toBe(201);
      expect(JSON.parse(secret.text).sessionValidSeconds).toBe(3600);
    }
    // A query string cannot do it either.
    const res = await call(
      'POST',
      `/api/challenge/send?__proto__[projectId]=${ctx.projectId}&constructor[prototype][clientToken]=${ctx.clientToken}`,
      {
        body: '{"emailAddress":"q@example.test"}',
      },
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it('NUL bytes anywhere → 400 problem JSON, never a database error', async () => {
    const cases: Array<[string, string, string | undefined, Record<string, string>]> = [
      [
        'POST',
        '/api/challenge/send',
        JSON.stringify({
          projectId: ctx.projectId,
          clientToken: ctx.clientToken,
          emailAddress: 'a\u0000@example.test',
        }),
        {},
      ],
      [
        'POST',
        '/api/challenge/send',
        JSON.stringify({
          projectId: ctx.projectId,
          clientToken: ctx.clientToken,
          emailAddress: 'a@example.test',
          state: 'x\u0000',
        }),
        {},
      ],
      [
        'POST',
        '/api/challenge/verify',
        JSON.stringify({ projectId: ctx.projectId, clientToken: ctx.clientToken, challengeCode: '\u0000' }),
        {},
      ],
      ['GET', `/api/session?projectId=${ctx.projectId}&clientToken=${ctx.clientToken}&sessionCode=%00`, undefined, {}],
      ['GET', `/api/user?projectId=${ctx.projectId}&clientToken=${ctx.clientToken}&sessionCode=a%00b`, undefined, {}],
      [
        'POST',
        '/api/projects',
        JSON.stringify({ name: 'N\u0000', allowedOrigin: 'https://n.example', redirectUrl: 'https://n.example/cb' }),
        { 'x-upid-organization-key': ctx.secretToken },
      ],
      [
        'POST',
        '/api/uauth/session',
        JSON.stringify({ workflowKey: ctx.workflowKey, state: '\u0000' }),
        { 'x-upid-organization-key': ctx.secretToken },
      ],
      ['GET', `/api/projects/${ctx.projectId}%00`, undefined, { 'x-upid-organization-key': ctx.secretToken }],
      ['GET', '/api/projects?secretToken=%00', undefined, {}],
    ];
    for (const [method, path, body, headers] of cases) {
      const res = await call(method, path, { body, headers });
      expect([400, 401, 404], `${method} ${path} ${body}`).toContain(res.status);
    }
  });

  it('SQL metacharacters are data: stored and returned verbatim', async () => {
    const name = `Robert'); DROP TABLE projects; -- $1 \\' " %`;
    const created = await call('POST', '/api/projects', {
      body: JSON.stringify({
        name,
        allowedOrigin: 'https://sql.example',
        redirectUrl: "https://sql.example/cb?q=' OR 1=1 --",
      }),
      headers: { 'x-upid-organization-key': ctx.secretToken },
    });
    expect(created.status, created.text).toBe(201);
    expect(JSON.parse(created.text).name).toBe(name);
    const list = await call('GET', '/api/projects', { headers: { 'x-upid-organization-key': ctx.secretToken } });
    expect(JSON.parse(list.text).some((p: any) => p.name === name)).toBe(true);
  });

  it('huge and odd numbers, wrong types', async () => {
    for (const n of [
      '1e400',
      '-1e400',
      '1e308',
      '9007199254740993',
      '-0',
      '3600.5',
      '"3600"',
      'true',
      'null',
      '[3600]',
      '{"$gt":0}',
    ]) {
      const res = await call('POST', '/api/projects', {
        body: `{"name":"N","allowedOrigin":"https://n.example","redirectUrl":"https://n.example/cb","sessionValidSeconds":${n}}`,
        headers: { 'x-upid-organization-key': ctx.secretToken },
      });
      expect(res.status, `sessionValidSeconds ${n}: ${res.text}`).toBe(400);
    }
    for (const v of ['1e400', '[]', '{}', 'true', '12', '{"$ne":null}']) {
      const res = await call('POST', '/api/challenge/verify', {
        body: `{"projectId":"${ctx.projectId}","clientToken":"${ctx.clientToken}","challengeCode":${v}}`,
      });
      expect(res.status, `challengeCode ${v}: ${res.text}`).toBe(400);
    }
  });

  it('deep nesting (100 000 levels, under 1 MB) → 400, not a stack overflow', async () => {
    for (const body of [
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `{"state":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`,
    ]) {
      for (const [method, path, auth] of bodyRoutes()) {
        const res = await call(method, path, { body, headers: credentials(auth) });
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
      }
    }
  });
});

describe('afterwards', () => {
  it('nothing was logged as an unhandled error, and the app still serves the full flow', async () => {
    expect(app.logs()).not.toMatch(/unhandled error|uncaughtException|unhandledRejection/i);
    const list = await api(app.url, 'GET', '/api/projects', {
      headers: { 'x-upid-organization-key': ctx.secretToken },
    });
    expect(list.status).toBe(200);
    const email = randomEmail('after');
    const sent = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: ctx.projectId, clientToken: ctx.clientToken, emailAddress: email },
    });
    expect(sent.status, sent.text).toBe(201);
    const verified = await api(app.url, 'POST', '/api/challenge/verify', {
      body: { projectId: ctx.projectId, clientToken: ctx.clientToken, challengeCode: await latestCode(app.url, email) },
    });
    expect(verified.status, verified.text).toBe(200);
    const user = await api(
      app.url,
      'GET',
      `/api/user?projectId=${ctx.projectId}&clientToken=${ctx.clientToken}&sessionCode=${verified.data.session.code}`,
    );
    expect(user.status).toBe(200);
    expect(user.data.emailAddress).toBe(email);
  });
});

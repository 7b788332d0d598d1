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
import { api, latestCode, randomEmail, setupProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { noRateLimits } from './support';

const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const MB = 1024 * 1024;

/** JSON text inserted as is (numbers JSON.stringify cannot write, literal `__proto__` keys, deep nesting). */
class Raw {
  constructor(readonly json: string) {}
}

function toJson(value: unknown): string {
  if (value instanceof Raw) return value.json;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Entries (duplicate and `__proto__` keys kept) → a JSON object text. */
const objectJson = (entries: Array<[string, unknown]>) =>
  `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;

/** Percent-encodes every byte outside the unreserved set (lone surrogates become U+FFFD). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');

// ---------------------------------------------------------------- generators

/** `arb` in `weight` of `weight + nullWeight` cases, else null. */
const sometimes = <T>(arb: fc.Arbitrary<T>, weight: number, nullWeight: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight, arbitrary: arb }, { weight: nullWeight, arbitrary: fc.constant(null) });

const specialStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'user\u0000@example.test',
  "' OR '1'='1",
  "'; DROP TABLE projects; --",
  '" OR ""="',
  '1; SELECT pg_sleep(10)',
  "\\'",
  '\\',
  '%',
  '%00',
  '%zz',
  '$1',
  '$$;',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '\uD800',
  'a\uDFFFb',
  '\u202Eevil',
  '\uFEFF',
  '😀',
  'Ｆｕｌｌ＠ｅｘａｍｐｌｅ．ｔｅｓｔ',
  '<script>alert(1)</script>',
  '{{link}}',
  '{{link}}{{link}}{{projectName}}',
  'javascript:alert(1)',
  'http://localhost:4321/',
  'https://example.com/cb',
  'https://user:pass@example.com/',
  'http://169.254.169.254/',
  'a@b.co',
  ' MiXeD@Example.TEST ',
  'x'.repeat(255),
  'x'.repeat(5000),
  '00000000-0000-0000-0000-000000000000',
  'ffffffffffffffffffffffffffffffff',
  'Bearer x',
];

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...specialStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...specialStrings), fc.string({ maxLength: 8 })).map(([a, b]) => a + b),
  },
);

const rawNumbers = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '1.0e-400',
  '-0',
  '0.0000000000000000001',
  '9007199254740993',
];
const hugeNumber = fc.oneof(
  fc.constantFrom(
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    Number.MIN_SAFE_INTEGER - 2,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 63,
    0.5,
    -1,
    0,
  ),
  fc.constantFrom(...rawNumbers).map((n) => new Raw(n)),
);

/** Deep nesting: arrays or objects, up to thousands of levels (the body cap bounds the rest). */
const deep = fc
  .tuple(fc.integer({ min: 20, max: 20_000 }), fc.boolean())
  .map(
    ([depth, arrays]) =>
      new Raw(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  );

/** Objects whose keys try prototype pollution. */
const pollution = fc
  .tuple(
    fc.constantFrom('__proto__', 'constructor', 'prototype'),
    fc.constantFrom('projectId', 'clientToken', 'isAdmin', 'sessionCode', 'prototype'),
  )
  .map(
    ([outer, inner]) =>
      new Raw(`{${JSON.stringify(outer)}:{${JSON.stringify(inner)}:"polluted","__proto__":{"admin":true}}}`),
  );

const scalar = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: hugeNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const fuzzValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: scalar },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: pollution },
);

const extraKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'projectId',
    'clientToken',
    'secretToken',
  ),
  nastyString,
);

// ---------------------------------------------------------------- the app

type Ctx = {
  secretToken: string;
  projectId: string;
  clientToken: string;
  victimProjectId: string;
  workflowKey: string;
  victimWorkflowKey: string;
  hostedLoginId: string;
  sessionCode: string;
  usedChallengeCode: string;
};

let app: AppServer;
let ctx: Ctx;
const tally = {
  requests: 0,
  byStatus: {} as Record<number, number>,
  byRoute: {} as Record<string, Record<number, number>>,
};

/** A field: a plausible value, a fuzzed one, or absent. */
function field(valid: fc.Arbitrary<unknown>, name?: string): fc.Arbitrary<unknown> {
  if (name === 'projectId' || name === 'clientToken') return valid; // already weighted (credential)
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 3, arbitrary: fuzzValue },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

type Input = { entries: Array<[string, unknown]>; shape: 'object' | 'raw'; raw: string };

/** Known fields (each plausible, fuzzed or absent), then 0–3 extra keys, or a body that is not an object at all. */
function inputFor(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Input> {
  const known = fc.record(Object.fromEntries(Object.entries(fields).map(([k, arb]) => [k, field(arb, k)])));
  const extras = fc.array(fc.tuple(extraKey, fuzzValue), { maxLength: 3 });
  const object = fc.tuple(known, extras).map(
    ([k, x]): Input => ({
      entries: [...Object.entries(k).filter(([, v]) => v !== undefined), ...x] as Array<[string, unknown]>,
      shape: 'object',
      raw: '',
    }),
  );
  const notAnObject = fc
    .oneof(
      fc.constantFrom(
        '',
        ' ',
        'null',
        '[]',
        '"x"',
        '42',
        'true',
        '{',
        '{"a":}',
        '{"a":1,}',
        "{'a':1}",
        '\u0000',
        '{"a":"\\u0000"}',
        'NaN',
        '[{"__proto__":1}]',
        '\uFEFF{}',
      ),
      fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
      fc.string({ unit: 'binary', maxLength: 60 }),
    )
    .map((raw): Input => ({ entries: [], shape: 'raw', raw }));
  return fc.oneof({ weight: 6, arbitrary: object }, { weight: 1, arbitrary: notAnObject });
}

const queryValue = (v: unknown) => (typeof v === 'string' ? v : v instanceof Raw ? v.json : toJson(v));

/**
 * The query string, cut to 8 KB: past 16 KB of request head Node's HTTP parser answers
 * 431 itself, before the app (the hand-picked tests below show that answer).
 */
function queryString(entries: Array<[string, unknown]>, garbage: string | null): string {
  const parts = entries.map(([k, v]) => `${pct(k).slice(0, 500)}=${pct(queryValue(v)).slice(0, 3000)}`);
  if (garbage !== null) parts.push(garbage);
  const query = parts
    .join('&')
    .slice(0, 8000)
    .replace(/%[0-9A-F]?$/, '');
  return query ? `?${query}` : '';
}

const queryGarbage = sometimes(
  fc.constantFrom(
    '%',
    '%zz',
    '%E0%A4%A',
    '&&&',
    '==',
    'a=%00',
    '__proto__[x]=1',
    'a[]=1&a[]=2',
    'projectId&projectId=',
    '%C0%80',
  ),
  1,
  3,
);

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
    expect(res.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(text);
    expect(problem, label).toMatchObject({
      type: expect.stringMatching(/^urn:uauth:error:/),
      title: expect.any(String),
      status: res.status,
      detail: expect.any(String),
      code: expect.any(String),
    });
  } else if (res.status >= 300) {
    // e.g. `/api/projects/%2e%2e` is `/api/` to the URL parser, and Next redirects away the trailing slash
    expect(res.headers.get('location'), label).toBeTruthy();
  } else if (text) {
    expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
    JSON.parse(text);
  }
  return { status: res.status, text };
}

// ---------------------------------------------------------------- routes

type Route = {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
  /** Path segments to fuzz: arbitrary of the path. */
  path: () => fc.Arbitrary<string>;
  auth: 'secret' | 'client' | 'none';
  fields: () => Record<string, fc.Arbitrary<unknown>>;
};

const nastySegment = fc.oneof(
  fc.uuid(),
  nastyString.filter((s) => s !== '' && s !== '.' && s !== '..').map(pct),
  fc.constantFrom('%zz', '%E0%A4%A', '%2e%2e', '%2F', '%00', '%C0%AF', 'A'.repeat(600)),
);
const segment = (valid: () => string) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(0).map(() => valid()) }, { weight: 2, arbitrary: nastySegment });

const projectFields = () => ({
  name: fc.constantFrom('Fuzz App', 'x'.repeat(100)),
  allowedOrigin: fc.constantFrom('https://app.example.com', 'http://localhost:3000'),
  redirectUrl: fc.constantFrom('https://app.example.com/cb', 'http://localhost:3000/cb?x=1'),
  sessionValidSeconds: fc.integer({ min: 60, max: 31_536_000 }),
  emailSubject: fc.constantFrom('Sign in', ''),
  emailTemplate: fc.constantFrom('<p><a href="{{link}}">Sign in</a></p>', ''),
  logoUrl: fc.constantFrom('https://app.example.com/logo.png', ''),
});
const workflowFields = () => ({
  policyId: fc.constantFrom('sign_up_sign_in', 'sign_in', 'sign_up'),
  clientRedirectUrl: fc.constantFrom('http://localhost:4321/done', 'https://app.example.com/done'),
  name: fc.constantFrom('Fuzz workflow', ''),
});
/** Credentials: almost always valid, so that what follows them is what gets fuzzed. */
const credential = (valid: () => string) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constant(0).map(valid) },
    { weight: 1, arbitrary: fuzzValue },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const clientFields = () => ({
  projectId: credential(() => ctx.projectId),
  clientToken: credential(() => ctx.clientToken),
});

const routes: Route[] = [
  {
    name: 'GET /api/projects',
    method: 'GET',
    auth: 'secret',
    path: () => fc.constant('/api/projects'),
    fields: () => ({}),
  },
  {
    name: 'POST /api/projects',
    method: 'POST',
    auth: 'secret',
    path: () => fc.constant('/api/projects'),
    fields: projectFields,
  },
  {
    name: 'GET /api/projects/{id}',
    method: 'GET',
    auth: 'secret',
    path: () => segment(() => ctx.projectId).map((id) => `/api/projects/${id}`),
    fields: () => ({}),
  },
  {
    name: 'PUT /api/projects/{id}',
    method: 'PUT',
    auth: 'secret',
    path: () => segment(() => ctx.victimProjectId).map((id) => `/api/projects/${id}`),
    fields: projectFields,
  },
  {
    name: 'DELETE /api/projects/{id}',
    method: 'DELETE',
    auth: 'secret',
    path: () => segment(() => ctx.victimProjectId).map((id) => `/api/projects/${id}`),
    fields: () => ({}),
  },
  {
    name: 'GET /api/projects/{id}/workflows',
    method: 'GET',
    auth: 'secret',
    path: () => segment(() => ctx.projectId).map((id) => `/api/projects/${id}/workflows`),
    fields: () => ({}),
  },
  {
    name: 'POST /api/projects/{id}/workflows',
    method: 'POST',
    auth: 'secret',
    path: () => segment(() => ctx.projectId).map((id) => `/api/projects/${id}/workflows`),
    fields: workflowFields,
  },
  {
    name: 'GET /api/projects/{id}/workflows/{key}',
    method: 'GET',
    auth: 'secret',
    path: () =>
      fc
        .tuple(
          segment(() => ctx.projectId),
          segment(() => ctx.workflowKey),
        )
        .map(([p, w]) => `/api/projects/${p}/workflows/${w}`),
    fields: () => ({}),
  },
  {
    name: 'PUT /api/projects/{id}/workflows/{key}',
    method: 'PUT',
    auth: 'secret',
    path: () =>
      fc
        .tuple(
          segment(() => ctx.projectId),
          segment(() => ctx.victimWorkflowKey),
        )
        .map(([p, w]) => `/api/projects/${p}/workflows/${w}`),
    fields: workflowFields,
  },
  {
    name: 'DELETE /api/projects/{id}/workflows/{key}',
    method: 'DELETE',
    auth: 'secret',
    path: () =>
      fc
        .tuple(
          segment(() => ctx.projectId),
          segment(() => ctx.victimWorkflowKey),
        )
        .map(([p, w]) => `/api/projects/${p}/workflows/${w}`),
    fields: () => ({}),
  },
  {
    name: 'POST /api/challenge/send',
    method: 'POST',
    auth: 'client',
    path: () => fc.constant('/api/challenge/send'),
    fields: () => ({ ...clientFields(), emailAddress: fc.emailAddress(), state: fc.string({ maxLength: 40 }) }),
  },
  {
    name: 'POST /api/challenge/verify',
    method: 'POST',
    auth: 'client',
    path: () => fc.constant('/api/challenge/verify'),
    fields: () => ({ ...clientFields(), challengeCode: fc.constantFrom(ctx.usedChallengeCode, 'A'.repeat(43)) }),
  },
  {
    name: 'GET /api/session',
    method: 'GET',
    auth: 'client',
    path: () => fc.constant('/api/session'),
    fields: () => ({ ...clientFields(), sessionCode: fc.constant(ctx.sessionCode) }),
  },
  {
    name: 'DELETE /api/session',
    method: 'DELETE',
    auth: 'client',
    path: () => fc.constant('/api/session'),
    fields: () => ({ ...clientFields(), sessionCode: fc.constantFrom('S'.repeat(43), ctx.sessionCode) }),
  },
  {
    name: 'GET /api/user',
    method: 'GET',
    auth: 'client',
    path: () => fc.constant('/api/user'),
    fields: () => ({ ...clientFields(), sessionCode: fc.constant(ctx.sessionCode) }),
  },
  {
    name: 'POST /api/uauth/session',
    method: 'POST',
    auth: 'secret',
    path: () => fc.constant('/api/uauth/session'),
    fields: () => ({ workflowKey: fc.constant(ctx.workflowKey), state: fc.string({ maxLength: 40 }) }),
  },
  {
    name: 'GET /api/uauth/session/{id}',
    method: 'GET',
    auth: 'secret',
    path: () => segment(() => ctx.hostedLoginId).map((id) => `/api/uauth/session/${id}`),
    fields: () => ({}),
  },
  {
    name: 'GET /api/dev/mailbox',
    method: 'GET',
    auth: 'none',
    path: () => fc.constant('/api/dev/mailbox'),
    fields: () => ({ to: fc.emailAddress() }),
  },
  {
    name: 'OPTIONS (CORS preflight)',
    method: 'OPTIONS',
    auth: 'none',
    path: () => fc.constantFrom('/api/challenge/send', '/api/challenge/verify', '/api/session', '/api/user'),
    fields: () => ({ projectId: fc.constant(ctx.projectId) }),
  },
];

/** Where credentials go: mostly valid (to reach the parser), sometimes fuzzed. */
const credentialPlacement: fc.Arbitrary<Placement> = fc.record({
  secretIn: fc.constantFrom('header', 'bearer', 'query'),
  clientIn: fc.constantFrom('header', 'fields'),
  badCredential: sometimes(
    fc.oneof(
      nastyString.filter((s) => /^[\x20-\x7e]*$/.test(s)),
      fc.constant(`sk_${'a'.repeat(43)}`),
    ),
    1,
    9,
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    null,
  ),
  origin: sometimes(fc.constantFrom('http://localhost:4321', 'https://evil.example', 'null'), 1, 4),
});

type Placement = {
  secretIn: 'header' | 'bearer' | 'query';
  clientIn: 'header' | 'fields';
  badCredential: string | null;
  contentType: string | null;
  origin: string | null;
};

function requestFor(route: Route, input: Input, placement: Placement, garbage: string | null, path: string) {
  const headers: Record<string, string> = {};
  const entries = [...input.entries];
  const query: Array<[string, unknown]> = [];
  const bad: string | null = placement.badCredential;
  if (route.auth === 'secret') {
    const key = bad ?? ctx.secretToken;
    if (placement.secretIn === 'header') headers['x-upid-organization-key'] = key;
    else if (placement.secretIn === 'bearer') headers.authorization = `Bearer ${key}`;
    else query.push(['secretToken', key]);
  }
  if (route.auth === 'client' && placement.clientIn === 'header') headers['x-client-token'] = bad ?? ctx.clientToken;
  if (route.auth === 'client' && bad !== null && placement.clientIn === 'fields') entries.push(['clientToken', bad]);
  if (placement.contentType) headers['content-type'] = placement.contentType;
  if (placement.origin) headers.origin = placement.origin;
  if (route.method === 'OPTIONS') headers.origin = placement.origin ?? 'http://localhost:4321';

  const bodyAllowed = route.method === 'POST' || route.method === 'PUT' || route.method === 'DELETE';
  let body: string | undefined;
  if (bodyAllowed && (route.method !== 'DELETE' || input.shape === 'raw')) {
    body = input.shape === 'raw' ? input.raw : objectJson(entries);
  } else if (input.shape === 'object') {
    query.push(...entries);
  }
  return { method: route.method, path: path + queryString(query, garbage), body, headers };
}

// ---------------------------------------------------------------- tests

beforeAll(async () => {
  app = await startApp({ env: noRateLimits });
  const { secretToken, project } = await setupProject(app);
  const key = { 'x-upid-organization-key': secretToken };
  const victim = await api(app.url, 'POST', '/api/projects', {
    headers: key,
    body: { name: 'Victim', allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/cb' },
  });
  const workflow = (body: object) =>
    api(app.url, 'POST', `/api/projects/${project.id}/workflows`, { headers: key, body });
  const wf = await workflow({ policyId: 'sign_up_sign_in', clientRedirectUrl: 'http://localhost:4321/done' });
  const victimWf = await workflow({ policyId: 'sign_in', clientRedirectUrl: 'http://localhost:4321/done' });
  const hosted = await api(app.url, 'POST', '/api/uauth/session', {
    headers: key,
    body: { workflowKey: wf.data.workflowKey },
  });
  const email = randomEmail('fuzz');
  await api(app.url, 'POST', '/api/challenge/send', {
    body: { projectId: project.id, clientToken: project.clientToken, emailAddress: email },
  });
  const usedChallengeCode = await latestCode(app.url, email);
  const verified = await api(app.url, 'POST', '/api/challenge/verify', {
    body: { projectId: project.id, clientToken: project.clientToken, challengeCode: usedChallengeCode },
  });
  expect(verified.status, verified.text).toBe(200);
  ctx = {
    secretToken,
    projectId: project.id,
    clientToken: project.clientToken,
    victimProjectId: victim.data.id,
    workflowKey: wf.data.workflowKey,
    victimWorkflowKey: victimWf.data.workflowKey,
    hostedLoginId: new URL(hosted.data.getSessionUrl).searchParams.get('sessionId')!,
    sessionCode: verified.data.session.code,
    usedChallengeCode,
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
            const req = requestFor(route, input, placement, garbage, path);
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

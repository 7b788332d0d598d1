// Generated hostile input for the fuzz tests (fast-check): JSON bodies, query strings and
// path segments with NUL bytes, prototype-pollution keys, SQL metacharacters, huge numbers,
// wrong types, deep nesting and invalid JSON, for every /api route; and where the
// credentials go. test/reliability/fuzz.test.ts sends them and checks the answers.
import fc from 'fast-check';

/** JSON text inserted as is (numbers JSON.stringify cannot write, literal `__proto__` keys, deep nesting). */
export class Raw {
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

// ---------------------------------------------------------------- values

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

/** The live ids, keys and codes the fuzzed requests aim at. */
export type FuzzTargets = {
  secretToken: string;
  projectId: string;
  clientToken: string;
  victimProjectId: string;
  workflowKey: string;
  victimWorkflowKey: string;
  hostedLoginId: string;
  sessionCode: string;
  usedChallengeCode: string;
  /** A user of projectId, and one the fuzzer may delete. */
  userHash: string;
  victimUserHash: string;
  /** A session of userHash (the admin API names it by id). */
  sessionId: string;
  /** A secret key of the organization the fuzzer may revoke (never secretToken's). */
  victimKeyId: string;
};

// ---------------------------------------------------------------- bodies and query strings

/** A field: a plausible value, a fuzzed one, or absent. */
function field(valid: fc.Arbitrary<unknown>, name?: string): fc.Arbitrary<unknown> {
  if (name === 'projectId' || name === 'clientToken') return valid; // already weighted (credential)
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    { weight: 3, arbitrary: fuzzValue },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

export type Input = { entries: Array<[string, unknown]>; shape: 'object' | 'raw'; raw: string };

/** Known fields (each plausible, fuzzed or absent), then 0–3 extra keys, or a body that is not an object at all. */
export function inputFor(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Input> {
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

export const queryGarbage = sometimes(
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

// ---------------------------------------------------------------- routes

export type Route = {
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
  allowedOrigins: fc.constantFrom(['https://app.example.com'], ['http://localhost:3000', 'https://b.example.com']),
  redirectUrl: fc.constantFrom('https://app.example.com/cb', 'http://localhost:3000/cb?x=1'),
  redirectUrls: fc.constantFrom(
    ['https://app.example.com/cb'],
    ['http://localhost:3000/cb', 'https://b.example.com/cb'],
  ),
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
/**
 * Every /api route, with the path and fields to fuzz. `targets` names the live ids, keys and
 * codes (made in the test's beforeAll) that plausible values use.
 */
export function routesFor(targets: () => FuzzTargets): Route[] {
  const ctx = new Proxy({} as FuzzTargets, { get: (_, key: keyof FuzzTargets) => targets()[key] });
  /** A workflow's path: the project and the workflow key each plausible or fuzzed. */
  const workflowPath = (key: () => string) =>
    fc
      .tuple(
        segment(() => ctx.projectId),
        segment(key),
      )
      .map(([p, w]) => `/api/projects/${p}/workflows/${w}`);
  /** A user's path (and what follows it): the project and the userHash each plausible or fuzzed. */
  const userPath = (hash: () => string, tail = '') =>
    fc
      .tuple(
        segment(() => ctx.projectId),
        segment(hash),
      )
      .map(([p, u]) => `/api/projects/${p}/users/${u}${tail}`);
  const clientFields = () => ({
    projectId: credential(() => ctx.projectId),
    clientToken: credential(() => ctx.clientToken),
  });

  return [
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
      path: () => workflowPath(() => ctx.workflowKey),
      fields: () => ({}),
    },
    {
      name: 'PUT /api/projects/{id}/workflows/{key}',
      method: 'PUT',
      auth: 'secret',
      path: () => workflowPath(() => ctx.victimWorkflowKey),
      fields: workflowFields,
    },
    {
      name: 'DELETE /api/projects/{id}/workflows/{key}',
      method: 'DELETE',
      auth: 'secret',
      path: () => workflowPath(() => ctx.victimWorkflowKey),
      fields: () => ({}),
    },
    {
      name: 'POST /api/challenge/send',
      method: 'POST',
      auth: 'client',
      path: () => fc.constant('/api/challenge/send'),
      fields: () => ({
        ...clientFields(),
        emailAddress: fc.emailAddress(),
        state: fc.string({ maxLength: 40 }),
        redirectUrl: fc.constantFrom('http://localhost:4321/callback', 'https://elsewhere.example/cb'),
      }),
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
      name: 'GET /api/projects/{id}/users',
      method: 'GET',
      auth: 'secret',
      path: () => segment(() => ctx.projectId).map((id) => `/api/projects/${id}/users`),
      fields: () => ({
        limit: fc.constantFrom('1', '100', 1),
        email: fc.emailAddress(),
        cursor: fc.constantFrom('YWZ0ZXI6eA', 'x'),
      }),
    },
    {
      name: 'GET /api/projects/{id}/users/{userHash}',
      method: 'GET',
      auth: 'secret',
      path: () => userPath(() => ctx.userHash),
      fields: () => ({}),
    },
    {
      name: 'DELETE /api/projects/{id}/users/{userHash}',
      method: 'DELETE',
      auth: 'secret',
      path: () => userPath(() => ctx.victimUserHash),
      fields: () => ({}),
    },
    {
      name: 'GET /api/projects/{id}/users/{userHash}/sessions',
      method: 'GET',
      auth: 'secret',
      path: () => userPath(() => ctx.userHash, '/sessions'),
      fields: () => ({ limit: fc.constantFrom('1', '100'), cursor: fc.constantFrom('YWZ0ZXI6eA', 'x') }),
    },
    {
      name: 'DELETE /api/projects/{id}/users/{userHash}/sessions',
      method: 'DELETE',
      auth: 'secret',
      path: () => userPath(() => ctx.userHash, '/sessions'),
      fields: () => ({}),
    },
    {
      name: 'DELETE /api/projects/{id}/sessions/{sid}',
      method: 'DELETE',
      auth: 'secret',
      path: () =>
        fc
          .tuple(
            segment(() => ctx.projectId),
            segment(() => ctx.sessionId),
          )
          .map(([p, s]) => `/api/projects/${p}/sessions/${s}`),
      fields: () => ({}),
    },
    {
      name: 'GET /api/keys',
      method: 'GET',
      auth: 'secret',
      path: () => fc.constant('/api/keys'),
      fields: () => ({}),
    },
    {
      name: 'POST /api/keys',
      method: 'POST',
      auth: 'secret',
      path: () => fc.constant('/api/keys'),
      fields: () => ({ name: fc.constantFrom('Fuzz key', 'x'.repeat(100)) }),
    },
    {
      name: 'DELETE /api/keys/{id}',
      method: 'DELETE',
      auth: 'secret',
      path: () => segment(() => ctx.victimKeyId).map((id) => `/api/keys/${id}`),
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
}

/** Where credentials go: mostly valid (to reach the parser), sometimes fuzzed. */
export const credentialPlacement: fc.Arbitrary<Placement> = fc.record({
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

export type Placement = {
  secretIn: 'header' | 'bearer' | 'query';
  clientIn: 'header' | 'fields';
  badCredential: string | null;
  contentType: string | null;
  origin: string | null;
};

/** The request one generated case makes: credentials placed, fields in the body or the query. */
export function requestFor(
  targets: FuzzTargets,
  route: Route,
  input: Input,
  placement: Placement,
  garbage: string | null,
  path: string,
) {
  const headers: Record<string, string> = {};
  const entries = [...input.entries];
  const query: Array<[string, unknown]> = [];
  const bad: string | null = placement.badCredential;
  if (route.auth === 'secret') {
    const key = bad ?? targets.secretToken;
    if (placement.secretIn === 'header') headers['x-upid-organization-key'] = key;
    else if (placement.secretIn === 'bearer') headers.authorization = `Bearer ${key}`;
    else query.push(['secretToken', key]);
  }
  if (route.auth === 'client' && placement.clientIn === 'header')
    headers['x-client-token'] = bad ?? targets.clientToken;
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

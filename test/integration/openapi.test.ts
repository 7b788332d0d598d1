// GET /api/openapi.json against the built app: a valid OpenAPI 3.1 document that lists
// exactly the route handlers under app/api (walked on disk), with the problem schema,
// the credential transports as security schemes, and response schemas that match what
// the running API answers.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, codeOfLink, randomEmail, setupProject } from '../support/api';
import { type AppServer, root, startApp } from '../support/app-server';

type Doc = {
  openapi: string;
  servers: Array<{ url: string }>;
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<string, unknown>;
        security?: unknown[];
        parameters?: Array<{ name: string; in: string }>;
        requestBody?: unknown;
      }
    >
  >;
  components: { schemas: Record<string, any>; responses: Record<string, any>; securitySchemes: Record<string, any> };
};

let app: AppServer;
let doc: Doc;

beforeAll(async () => {
  app = await startApp();
  const res = await api(app.url, 'GET', '/api/openapi.json');
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  doc = res.data;
});
afterAll(async () => {
  await app?.stop();
});

// ---------------------------------------------------------------- route files on disk

const apiDir = path.join(root, 'app/api');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** app/api/projects/[projectId]/route.ts → /projects/{projectId}; null for the catch-all. */
function openApiPath(file: string): string | null {
  const dir = path.relative(apiDir, path.dirname(file)).split(path.sep).join('/');
  if (dir.includes('[[...')) return null; // the catch-all 404 for unknown /api paths
  return `/${dir.replace(/\[([^\]]+)\]/g, '{$1}')}`;
}

/** The methods a route file really handles (not the 405 stubs or CORS preflight). */
function handledMethods(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return METHODS.filter((method) => {
    const match = source.match(new RegExp(`export const ${method} = (\\w+)`));
    return match !== null && match[1] !== 'methodNotAllowed';
  }).map((m) => m.toLowerCase());
}

const onDisk = new Map<string, string[]>();
for (const file of routeFiles(apiDir)) {
  const p = openApiPath(file);
  if (p) onDisk.set(p, handledMethods(file));
}

// ---------------------------------------------------------------- tests

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await new Validator().validate(structuredClone(doc) as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.servers[0]?.url).toBe('/api');
  });

  it('names every operation once (operationId is unique)', () => {
    const ids = Object.values(doc.paths).flatMap((item) =>
      Object.values(item).map((operation) => (operation as { operationId?: string }).operationId),
    );
    expect(ids.length).toBeGreaterThanOrEqual(30);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('documents every route handler under app/api, and nothing else', () => {
    expect(onDisk.size).toBeGreaterThanOrEqual(12);
    const documented = Object.fromEntries(Object.entries(doc.paths).map(([p, item]) => [p, Object.keys(item).sort()]));
    const disk = Object.fromEntries([...onDisk].map(([p, methods]) => [p, [...methods].sort()]));
    expect(documented).toEqual(disk);
  });

  it('has the problem JSON schema on every error response, and 500/503 everywhere', () => {
    const problem = doc.components.schemas.ProblemDetails;
    expect(problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']));
    expect(problem.properties.errors.type).toBe('array');
    expect(problem.properties.code.enum).toEqual(
      expect.arrayContaining(['validation_failed', 'challenge_used', 'challenge_expired']),
    );
    for (const response of Object.values(doc.components.responses)) {
      expect(response.content['application/problem+json'].schema).toEqual({
        $ref: '#/components/schemas/ProblemDetails',
      });
    }
    expect(doc.components.responses.TooManyRequests.headers['Retry-After']).toBeDefined();
    expect(doc.components.responses.ServiceUnavailable.headers['Retry-After']).toBeDefined();
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(Object.keys(operation.responses), `${method} ${p}`).toEqual(expect.arrayContaining(['500', '503']));
      }
    }
  });

  it('has every status code docs/API.md names for each endpoint', () => {
    const statuses = (p: string, m: string) => Object.keys(doc.paths[p]?.[m]?.responses ?? {});
    expect(statuses('/projects', 'post')).toEqual(expect.arrayContaining(['201', '400', '401', '413']));
    expect(statuses('/projects/{projectId}', 'get')).toEqual(expect.arrayContaining(['200', '400', '401', '404']));
    expect(statuses('/projects/{projectId}', 'delete')).toEqual(expect.arrayContaining(['204', '404']));
    expect(statuses('/challenge/send', 'post')).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '404', '429', '502']),
    );
    expect(statuses('/challenge/verify', 'post')).toEqual(expect.arrayContaining(['200', '404', '409', '410']));
    expect(statuses('/session', 'get')).toEqual(expect.arrayContaining(['200', '401', '403', '404']));
    expect(statuses('/session', 'delete')).toEqual(expect.arrayContaining(['204']));
    expect(statuses('/user', 'get')).toEqual(expect.arrayContaining(['200', '403']));
    expect(statuses('/uauth/session', 'post')).toEqual(expect.arrayContaining(['201', '400', '401', '409', '424']));
    expect(statuses('/uauth/session/{sessionId}', 'get')).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(statuses('/projects/{projectId}/users', 'get')).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(statuses('/projects/{projectId}/users/{userHash}', 'delete')).toEqual(
      expect.arrayContaining(['204', '400', '404']),
    );
    expect(statuses('/projects/{projectId}/users/{userHash}/sessions', 'delete')).toEqual(
      expect.arrayContaining(['204', '404']),
    );
    expect(statuses('/projects/{projectId}/sessions/{sid}', 'delete')).toEqual(expect.arrayContaining(['204', '404']));
    expect(statuses('/keys', 'post')).toEqual(expect.arrayContaining(['201', '400']));
    expect(statuses('/keys/{keyId}', 'delete')).toEqual(expect.arrayContaining(['204', '400', '404']));
    expect(statuses('/session/refresh', 'post')).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    expect(statuses('/projects/{projectId}/jwks.json', 'get')).toEqual(expect.arrayContaining(['200', '400', '404']));
  });

  it('every secret-key operation answers 401 and 403 (a client token in place of the key)', () => {
    const secretKeyOnly = JSON.stringify(doc.paths['/projects']?.get?.security);
    let count = 0;
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (JSON.stringify(operation.security) !== secretKeyOnly) continue;
        count++;
        expect(Object.keys(operation.responses), `${method} ${p}`).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    expect(count).toBeGreaterThanOrEqual(21);
    expect(doc.components.responses.Forbidden.description).toMatch(/client token where the organization secret key/);
  });

  it('documents the access token, its JWKS and that revocation does not recall it', () => {
    const jwks = doc.paths['/projects/{projectId}/jwks.json']?.get as any;
    expect(jwks.security).toEqual([]);
    expect(Object.keys(jwks.responses['200'].headers)).toEqual(['Cache-Control', 'Access-Control-Allow-Origin']);
    for (const p of ['/challenge/verify', '/session/refresh']) {
      const text = JSON.stringify(doc.paths[p]?.post);
      expect(text, p).toMatch(/jwks\.json/);
      expect(text, p).toMatch(/revoked session's access token keeps|stays valid until/);
    }
    expect(doc.components.schemas.VerifiedDto.required).toEqual(
      expect.arrayContaining(['accessToken', 'accessTokenExpiresAt']),
    );
    expect(doc.components.schemas.ProjectDto.properties.sessionIdleSeconds).toBeDefined();
  });

  it('describes the credential transports as security schemes', () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.secretKeyHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-upid-organization-key' });
    expect(schemes.secretKeyBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(schemes.secretKeyQuery).toMatchObject({ type: 'apiKey', in: 'query', name: 'secretToken' });
    expect(schemes.clientTokenQuery).toMatchObject({ type: 'apiKey', in: 'query', name: 'clientToken' });
    expect(schemes.clientTokenHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-client-token' });
    expect(schemes.sessionCodeBearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/projects']?.get?.security).toHaveLength(3);
  });

  it('gives the end-user endpoints both the query form and the JSON body form', () => {
    const send = doc.paths['/challenge/send']?.post;
    expect(send?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['query:projectId', 'query:emailAddress', 'query:state']),
    );
    expect(send?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/SendChallengeInput' } } },
    });
    const input = doc.components.schemas.SendChallengeInput;
    // send also takes the secret key instead of the client token, so clientToken is optional there
    expect(input.required).toEqual(expect.arrayContaining(['projectId', 'emailAddress']));
    expect(Object.keys(input.properties)).toContain('clientToken');
    expect(doc.components.schemas.VerifyChallengeInput.required).toEqual(
      expect.arrayContaining(['projectId', 'clientToken', 'challengeCode']),
    );
    expect(doc.paths['/session']?.get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['projectId', 'sessionCode']),
    );
    expect(
      doc.paths['/projects/{projectId}/workflows/{workflowKey}']?.put?.parameters?.map((p) => `${p.in}:${p.name}`),
    ).toEqual(['path:projectId', 'path:workflowKey']);
    // Request schemas describe what is accepted (input side): optional fields with defaults are not required,
    // and each list needs its single field or the list itself.
    expect(doc.components.schemas.CreateProjectDto.required).toEqual(['name']);
    expect(doc.components.schemas.CreateProjectDto.allOf).toEqual([
      { anyOf: [{ required: ['allowedOrigin'] }, { required: ['allowedOrigins'] }] },
      { anyOf: [{ required: ['redirectUrl'] }, { required: ['redirectUrls'] }] },
    ]);
  });

  it('documents both credentials of send, the x-uauth-end-user-ip header and its per-organization 429', () => {
    const send = doc.paths['/challenge/send']?.post as any;
    const schemes = send.security.map((s: Record<string, unknown>) => Object.keys(s).join('+'));
    expect(schemes).toEqual(
      expect.arrayContaining([
        'clientTokenQuery',
        'clientTokenHeader',
        'secretKeyHeader',
        'secretKeyBearer',
        'secretKeyQuery',
      ]),
    );
    const header = send.parameters.find((p: { name: string; in: string }) => p.name === 'x-uauth-end-user-ip');
    expect(header).toMatchObject({ in: 'header', required: false, schema: { type: 'string' } });
    expect(header.description).toMatch(/secret key/i);
    expect(send.responses['429']).toEqual({ $ref: '#/components/responses/TooManyRequests' });
    expect(send.description).toMatch(/per\s+organization/i);
    expect(send.description).toMatch(/allowSignUp/);
    // verify keeps the client token only
    expect((doc.paths['/challenge/verify'] as any).post.security).toHaveLength(2);
  });

  it('documents state as an opaque CSRF value, never a redirect target', () => {
    for (const name of ['SendChallengeInput', 'CreateHostedLoginInput']) {
      const description = doc.components.schemas[name].properties.state.description;
      expect(description, name).toMatch(/cookie/i);
      expect(description, name).toMatch(/CSRF/);
      expect(description, name).toMatch(/never a redirect target/i);
    }
  });

  it('documents what to do with expired and revoked sessions', () => {
    const text = JSON.stringify(doc.paths['/session']?.get);
    expect(text).toMatch(/expired/);
    expect(text).toMatch(/revoked/);
    expect(text).toMatch(/sign-in|sign in/i);
  });

  it('is served as cacheable JSON and only for GET', async () => {
    const res = await api(app.url, 'POST', '/api/openapi.json');
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

/** The keys of a response match its documented schema: required keys present, no undocumented extras. */
function expectShape(value: Record<string, unknown>, schemaName: string) {
  const schema = doc.components.schemas[schemaName];
  expect(schema, schemaName).toBeDefined();
  expect(Object.keys(value).sort(), schemaName).toEqual(expect.arrayContaining(schema.required));
  expect(Object.keys(schema.properties), schemaName).toEqual(expect.arrayContaining(Object.keys(value)));
}

describe('the document matches the running API', () => {
  it('projects, workflows, challenges, sessions, users and problems have the documented shape', async () => {
    const { secretToken, project } = await setupProject(app);
    const key = { 'x-upid-organization-key': secretToken };
    expectShape(project, 'ProjectDto');

    const workflow = await api(app.url, 'POST', `/api/projects/${project.id}/workflows`, {
      headers: key,
      body: { policyId: 'sign_up_sign_in', clientRedirectUrl: 'http://localhost:4321/return' },
    });
    expect(workflow.status, workflow.text).toBe(201);
    expectShape(workflow.data, 'WorkflowDto');
    const uauth = await api(app.url, 'POST', '/api/uauth/session', {
      headers: key,
      body: { workflowKey: workflow.data.workflowKey },
    });
    expect(uauth.status, uauth.text).toBe(201);
    expectShape(uauth.data, 'HostedLoginUrl');
    const sessionId = new URL(uauth.data.getSessionUrl).searchParams.get('sessionId');
    const cached = await api(app.url, 'GET', `/api/uauth/session/${sessionId}`, { headers: key });
    expectShape(cached.data, 'HostedLoginDto');

    const email = randomEmail('openapi');
    const creds = { projectId: project.id, clientToken: project.clientToken };
    const sent = await api(app.url, 'POST', '/api/challenge/send', { body: { ...creds, emailAddress: email } });
    expect(sent.status, sent.text).toBe(201);
    expectShape(sent.data, 'SendChallengeResult');
    const box = await api(app.url, 'GET', `/api/dev/mailbox?to=${encodeURIComponent(email)}`);
    expectShape(box.data, 'MailboxDto');
    const challengeCode = codeOfLink(String(box.data.messages[0].links[0]));
    const verified = await api(app.url, 'POST', '/api/challenge/verify', { body: { ...creds, challengeCode } });
    expect(verified.status, verified.text).toBe(200);
    expectShape(verified.data, 'VerifiedDto');
    expectShape(verified.data.session, 'SessionDto');
    expectShape(verified.data.user, 'UserDto');
    const refreshed = await api(app.url, 'POST', '/api/session/refresh', {
      body: { ...creds, sessionCode: verified.data.session.code },
    });
    expect(refreshed.status, refreshed.text).toBe(200);
    expectShape(refreshed.data, 'RefreshedSessionDto');
    const jwks = await api(app.url, 'GET', `/api/projects/${project.id}/jwks.json`);
    expectShape(jwks.data, 'JwksDto');
    const items = doc.components.schemas.JwksDto.properties.keys.items;
    const jwk = items.$ref ? doc.components.schemas[String(items.$ref).split('/').pop() ?? ''] : items;
    expect(Object.keys(jwks.data.keys[0]).sort()).toEqual(Object.keys(jwk.properties).sort());

    const users = await api(app.url, 'GET', `/api/projects/${project.id}/users`, { headers: key });
    expect(users.status, users.text).toBe(200);
    expectShape(users.data[0], 'ProjectUserDto');
    const userPath = `/api/projects/${project.id}/users/${verified.data.user.userHash}`;
    expectShape((await api(app.url, 'GET', userPath, { headers: key })).data, 'ProjectUserDto');
    const sessions = await api(app.url, 'GET', `${userPath}/sessions`, { headers: key });
    expectShape(sessions.data[0], 'UserSessionDto');
    const newKey = await api(app.url, 'POST', '/api/keys', { headers: key, body: { name: 'OpenAPI' } });
    expect(newKey.status, newKey.text).toBe(201);
    expectShape(newKey.data, 'CreatedSecretKeyDto');
    const keys = await api(app.url, 'GET', '/api/keys', { headers: key });
    for (const k of keys.data) expectShape(k, 'SecretKeyDto');

    const bad = await api(app.url, 'POST', '/api/projects', { headers: key, body: { name: '' } });
    expect(bad.status).toBe(400);
    expectShape(bad.data, 'ProblemDetails');
    expect(doc.components.schemas.ProblemDetails.properties.code.enum).toContain(bad.data.code);
  });
});

// Several origins and redirect URLs per project (docs/API.md, "Projects"): allowedOrigins and
// redirectUrls with the single allowedOrigin and redirectUrl kept as their first entries, the
// input rules of POST and PUT, browser calls from any listed origin (preflight, send, verify,
// session, user), a send naming one of the redirect URLs, and workflows on any listed origin.
// Against the built app and real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createOrganization,
  clientCredentials as creds,
  mailbox,
  qs,
  randomEmail,
  secretKeyHeader,
  sendMagicLink,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { request, signIn, submitForm } from '../support/dashboard';
import { createWorkflow, hostedSignIn, startHostedLogin } from '../support/hosted';
import { plain } from '../support/organizations';
import { pressContinue } from '../support/pages';
import { expectFieldError, expectProblem } from '../support/problem';

const PROD = 'https://app.example.com';
const STAGING = 'https://staging.example.com';
const LOCAL = 'http://localhost:4321';
const EVIL = 'https://evil.example.com';

let app: AppServer;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  app = await startApp();
  [keyA, keyB] = await Promise.all([
    createOrganization(app, { name: 'Origins A' }).then((o) => o.secretToken),
    createOrganization(app, { name: 'Origins B' }).then((o) => o.secretToken),
  ]);
});
afterAll(async () => {
  await app?.stop();
});

const post = (body: Record<string, unknown>, key = keyA) =>
  api(app.url, 'POST', '/api/projects', { headers: secretKeyHeader(key), body: { name: 'Lists', ...body } });
const put = (id: string, body: Record<string, unknown>, key = keyA) =>
  api(app.url, 'PUT', `/api/projects/${id}`, { headers: secretKeyHeader(key), body: { name: 'Lists', ...body } });

async function created(body: Record<string, unknown>) {
  const res = await post(body);
  expect(res.status, res.text).toBe(201);
  return res.data;
}

/** The two forms of both lists in a DTO: the single fields are the lists' first entries. */
function expectLists(dto: any, allowedOrigins: string[], redirectUrls: string[]) {
  expect(dto.allowedOrigins).toEqual(allowedOrigins);
  expect(dto.redirectUrls).toEqual(redirectUrls);
  expect(dto.allowedOrigin).toBe(allowedOrigins[0]);
  expect(dto.redirectUrl).toBe(redirectUrls[0]);
}

describe('POST: the single field, the list, or both', () => {
  it('the single fields alone (today’s clients): lists of one', async () => {
    const p = await created({ allowedOrigin: PROD, redirectUrl: `${PROD}/cb` });
    expectLists(p, [PROD], [`${PROD}/cb`]);
  });

  it('the lists alone: the single fields are their first entries', async () => {
    const p = await created({ allowedOrigins: [STAGING, LOCAL], redirectUrls: [`${LOCAL}/cb`, `${STAGING}/cb`] });
    expectLists(p, [STAGING, LOCAL], [`${LOCAL}/cb`, `${STAGING}/cb`]);
    const read = await api(app.url, 'GET', `/api/projects/${p.id}`, { headers: secretKeyHeader(keyA) });
    expectLists(read.data, [STAGING, LOCAL], [`${LOCAL}/cb`, `${STAGING}/cb`]);
  });

  it('both: the single field first, then the list, duplicates (after normalization) removed', async () => {
    const p = await created({
      allowedOrigin: 'https://STAGING.example.com:443',
      allowedOrigins: [PROD, STAGING, `${PROD}/`],
      redirectUrl: `${PROD}/cb`,
      redirectUrls: [`${STAGING}/cb`, `${PROD}/cb`],
    });
    expectLists(p, [STAGING, PROD], [`${PROD}/cb`, `${STAGING}/cb`]);
  });

  it('neither form: 400 naming the single field; an empty list: 400 naming the list', async () => {
    expectFieldError(await post({ redirectUrl: `${PROD}/cb` }), 'allowedOrigin');
    expectFieldError(await post({ allowedOrigin: PROD }), 'redirectUrl');
    expectFieldError(await post({ allowedOrigins: [], redirectUrl: `${PROD}/cb` }), 'allowedOrigins');
  });

  it('each entry is validated like the single field: 400 naming its index', async () => {
    const res = await post({
      allowedOrigins: [PROD, STAGING, LOCAL, `${PROD}/path`],
      redirectUrls: [`${PROD}/cb`, 'ftp://x'],
    });
    expectFieldError(res, 'allowedOrigins.3');
    expectFieldError(res, 'redirectUrls.1');
    expect(res.data.errors).toHaveLength(2);
    expect(res.data.detail).toContain('allowedOrigins.3: must be an origin');
    expectFieldError(
      await post({ allowedOrigins: [PROD, 'http://app.example.com'], redirectUrl: `${PROD}/cb` }),
      'allowedOrigins.1',
    );
  });

  it('at most 20 entries: 21 → 400, also with the single field as the 21st', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `https://o${i}.example.com`);
    const ok = await created({ allowedOrigins: twenty, redirectUrls: twenty.map((o) => `${o}/cb`) });
    expect(ok.allowedOrigins).toHaveLength(20);
    expect(ok.redirectUrls).toHaveLength(20);
    expectFieldError(await post({ allowedOrigins: [...twenty, PROD], redirectUrl: `${PROD}/cb` }), 'allowedOrigins');
    expectFieldError(
      await post({ allowedOrigin: PROD, allowedOrigins: twenty, redirectUrl: `${PROD}/cb` }),
      'allowedOrigins',
    );
    expectFieldError(
      await post({ allowedOrigin: PROD, redirectUrls: [...twenty.map((o) => `${o}/cb`), `${PROD}/cb`] }),
      'redirectUrls',
    );
  });
});

describe('PUT', () => {
  const three = {
    allowedOrigins: [PROD, STAGING, LOCAL],
    redirectUrls: [`${PROD}/cb`, `${STAGING}/cb`, `${LOCAL}/cb`],
  };

  it('a client that knows only the single fields keeps the entries added elsewhere', async () => {
    const p = await created(three);
    // an old client renames the project, echoing the single fields it knows
    const renamed = await put(p.id, { name: 'Renamed', allowedOrigin: PROD, redirectUrl: `${PROD}/cb` });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.data.name).toBe('Renamed');
    expectLists(renamed.data, three.allowedOrigins, three.redirectUrls);
    // it moves its one origin: the first entry changes, the others stay after it
    const moved = await put(p.id, { allowedOrigin: 'https://new.example.com', redirectUrl: `${LOCAL}/cb` });
    expect(moved.status, moved.text).toBe(200);
    expectLists(moved.data, ['https://new.example.com', STAGING, LOCAL], [`${LOCAL}/cb`, `${STAGING}/cb`]);
  });

  it('the lists replace the lists; both forms merge as on POST', async () => {
    const p = await created(three);
    const replaced = await put(p.id, { allowedOrigins: [LOCAL], redirectUrls: [`${LOCAL}/cb`] });
    expect(replaced.status, replaced.text).toBe(200);
    expectLists(replaced.data, [LOCAL], [`${LOCAL}/cb`]);
    const both = await put(p.id, {
      allowedOrigin: STAGING,
      allowedOrigins: [LOCAL, STAGING],
      redirectUrl: `${STAGING}/cb`,
      redirectUrls: [`${LOCAL}/cb`],
    });
    expect(both.status, both.text).toBe(200);
    expectLists(both.data, [STAGING, LOCAL], [`${STAGING}/cb`, `${LOCAL}/cb`]);
  });

  it('refuses what POST refuses, and changes nothing then', async () => {
    const p = await created(three);
    expectFieldError(
      await put(p.id, { allowedOrigins: [PROD, 'nope'], redirectUrls: three.redirectUrls }),
      'allowedOrigins.1',
    );
    expectFieldError(await put(p.id, { name: 'No lists' }), 'allowedOrigin');
    const read = await api(app.url, 'GET', `/api/projects/${p.id}`, { headers: secretKeyHeader(keyA) });
    expectLists(read.data, three.allowedOrigins, three.redirectUrls);
  });

  it("another organization's project stays 404", async () => {
    const p = await created(three);
    expectProblem(await put(p.id, { allowedOrigins: [EVIL], redirectUrls: [`${EVIL}/cb`] }, keyB), 404, 'not_found');
  });
});

describe('browser calls from any of the allowed origins', () => {
  let project: any;

  beforeAll(async () => {
    project = await created({ allowedOrigins: [PROD, STAGING, LOCAL], redirectUrl: `${PROD}/cb` });
  });

  function expectCors(res: { headers: Headers }, origin: string) {
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('vary') ?? '').toMatch(/Origin/);
  }

  it('preflights from the second and third origins name exactly that origin (with and without projectId)', async () => {
    for (const origin of [STAGING, LOCAL]) {
      for (const path of [`/api/challenge/send?projectId=${project.id}`, '/api/session']) {
        const res = await api(app.url, 'OPTIONS', path, {
          headers: { origin, 'access-control-request-method': 'POST' },
        });
        expect(res.status, `${origin} ${path}`).toBe(204);
        expectCors(res, origin);
      }
    }
    const foreign = await api(app.url, 'OPTIONS', `/api/challenge/send?projectId=${project.id}`, {
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    expectProblem(foreign, 403, 'origin_not_allowed');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('send, verify, session, user and sign-out from the second origin carry that origin', async () => {
    const email = randomEmail('staging');
    const sent = await api(app.url, 'POST', '/api/challenge/send', {
      headers: { origin: STAGING },
      body: { ...creds(project), emailAddress: email },
    });
    expect(sent.status, sent.text).toBe(201);
    expectCors(sent, STAGING);
    const [message] = await mailbox(app.url, email);
    const link = message?.links.find((l) => l.startsWith(`${app.url}/l/`)) ?? '';
    const challengeCode = new URL(link).pathname.split('/').pop() ?? '';

    const verified = await api(app.url, 'POST', '/api/challenge/verify', {
      headers: { origin: STAGING },
      body: { ...creds(project), challengeCode },
    });
    expect(verified.status, verified.text).toBe(200);
    expectCors(verified, STAGING);
    const sessionCode: string = verified.data.session.code;

    for (const [method, path] of [
      ['GET', '/api/session'],
      ['GET', '/api/user'],
    ] as const) {
      const res = await api(app.url, method, `${path}${qs(creds(project))}`, {
        headers: { origin: LOCAL, authorization: `Bearer ${sessionCode}` },
      });
      expect(res.status, `${path}: ${res.text}`).toBe(200);
      expectCors(res, LOCAL);
    }
    const out = await api(app.url, 'DELETE', `/api/session${qs(creds(project))}`, {
      headers: { origin: STAGING, authorization: `Bearer ${sessionCode}` },
    });
    expect(out.status, out.text).toBe(204);
    expectCors(out, STAGING);
  });

  it('an origin that is not listed is still 403 everywhere, and nothing is done', async () => {
    const email = randomEmail('evil');
    const sent = await api(app.url, 'POST', '/api/challenge/send', {
      headers: { origin: EVIL },
      body: { ...creds(project), emailAddress: email },
    });
    expectProblem(sent, 403, 'origin_not_allowed');
    expect(sent.headers.get('access-control-allow-origin')).toBeNull();
    expect(await mailbox(app.url, email)).toEqual([]);

    const { code } = await sendMagicLink(app.url, project, randomEmail('evil-verify'));
    const verify = await api(app.url, 'POST', '/api/challenge/verify', {
      headers: { origin: EVIL },
      body: { ...creds(project), challengeCode: code },
    });
    expectProblem(verify, 403, 'origin_not_allowed');
    // the code was not consumed: it still verifies from a listed origin
    const again = await api(app.url, 'POST', '/api/challenge/verify', {
      headers: { origin: PROD },
      body: { ...creds(project), challengeCode: code },
    });
    expect(again.status, again.text).toBe(200);
    for (const path of ['/api/session', '/api/user']) {
      const res = await api(app.url, 'GET', `${path}${qs(creds(project))}`, {
        headers: { origin: EVIL, authorization: `Bearer ${again.data.session.code}` },
      });
      expectProblem(res, 403, 'origin_not_allowed');
    }
  });

  it("another project's origin is refused: the lists are per project", async () => {
    const other = await created({
      allowedOrigins: ['https://other.example.com'],
      redirectUrl: 'https://other.example.com/cb',
    });
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      headers: { origin: 'https://other.example.com' },
      body: { ...creds(project), emailAddress: randomEmail('cross') },
    });
    expectProblem(res, 403, 'origin_not_allowed');
    expect(other.allowedOrigins).toEqual(['https://other.example.com']);
  });
});

describe('send with redirectUrl', () => {
  let project: any;

  beforeAll(async () => {
    project = await created({
      allowedOrigins: [PROD, LOCAL],
      redirectUrls: [`${PROD}/cb`, `${LOCAL}/auth/callback?x=1`],
    });
  });

  it('one of the redirectUrls: Continue leads there, with code and state', async () => {
    const { code } = await sendMagicLink(app.url, project, randomEmail('listed'), {
      body: { redirectUrl: `${LOCAL}/auth/callback?x=1`, state: 'st-9' },
    });
    const pressed = await pressContinue(app.url, code);
    expect(pressed.status).toBe(303);
    const target = new URL(pressed.location ?? '');
    expect(`${target.origin}${target.pathname}`).toBe(`${LOCAL}/auth/callback`);
    expect(target.searchParams.get('x')).toBe('1');
    expect(target.searchParams.get('code')).toBe(code);
    expect(target.searchParams.get('state')).toBe('st-9');
  });

  it('compared after the same normalization as the project’s list', async () => {
    const { code } = await sendMagicLink(app.url, project, randomEmail('normalized'), {
      body: { redirectUrl: 'HTTP://LOCALHOST:4321/auth/callback?x=1' },
    });
    const pressed = await pressContinue(app.url, code);
    expect(new URL(pressed.location ?? '').pathname).toBe('/auth/callback');
  });

  it('without one: the first redirect URL, as before', async () => {
    const { code } = await sendMagicLink(app.url, project, randomEmail('default'));
    const pressed = await pressContinue(app.url, code);
    const target = new URL(pressed.location ?? '');
    expect(`${target.origin}${target.pathname}`).toBe(`${PROD}/cb`);
  });

  it('a URL the project does not list (or a malformed one): 400 on redirectUrl, nothing sent', async () => {
    for (const redirectUrl of [`${EVIL}/cb`, `${PROD}/other`, `${PROD}/cb#x`, 42]) {
      const email = randomEmail('unlisted');
      const res = await api(app.url, 'POST', '/api/challenge/send', {
        body: { ...creds(project), emailAddress: email, redirectUrl },
      });
      expectFieldError(res, 'redirectUrl');
      expectProblem(res, 400, 'validation_failed');
      expect(await mailbox(app.url, email)).toEqual([]);
    }
  });

  it('with the secret key too; credentials are checked before the redirectUrl', async () => {
    const email = randomEmail('server');
    const sent = await api(app.url, 'POST', '/api/challenge/send', {
      headers: secretKeyHeader(keyA),
      body: { projectId: project.id, emailAddress: email, redirectUrl: `${LOCAL}/auth/callback?x=1` },
    });
    expect(sent.status, sent.text).toBe(201);
    const refused = await api(app.url, 'POST', '/api/challenge/send', {
      headers: secretKeyHeader(keyA),
      body: { projectId: project.id, emailAddress: email, redirectUrl: `${EVIL}/cb` },
    });
    expectFieldError(refused, 'redirectUrl');
    // another organization's key: 404 before any look at the redirectUrl
    const foreign = await api(app.url, 'POST', '/api/challenge/send', {
      headers: secretKeyHeader(keyB),
      body: { projectId: project.id, emailAddress: email, redirectUrl: `${EVIL}/cb` },
    });
    expectProblem(foreign, 404, 'not_found');
    const wrongToken = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: project.id, clientToken: 'ck_nope', emailAddress: email, redirectUrl: `${EVIL}/cb` },
    });
    expectProblem(wrongToken, 401, 'unauthorized');
  });
});

describe('workflows on any listed origin', () => {
  it('a clientRedirectUrl on the second allowed origin or a later redirect URL’s origin is accepted, and the hosted sign-in completes', async () => {
    const project = await created({
      allowedOrigins: [PROD, LOCAL],
      redirectUrls: [`${PROD}/cb`, 'https://preview.example.net/auth'],
    });
    const onLocal = await createWorkflow(app.url, keyA, project, { clientRedirectUrl: `${LOCAL}/hosted/done` });
    const onPreview = await createWorkflow(app.url, keyA, project, {
      clientRedirectUrl: 'https://preview.example.net/hosted',
    });
    expect(onLocal.clientRedirectUrl).toBe(`${LOCAL}/hosted/done`);
    expect(onPreview.clientRedirectUrl).toBe('https://preview.example.net/hosted');
    const refused = await api(app.url, 'POST', `/api/projects/${project.id}/workflows`, {
      headers: secretKeyHeader(keyA),
      body: { policyId: 'sign_up_sign_in', clientRedirectUrl: `${EVIL}/done` },
    });
    expectFieldError(refused, 'clientRedirectUrl');

    // the whole hosted flow on the second origin: Continue leads there, verify (the SQL form of the rule) signs in
    const { url } = await startHostedLogin(app.url, keyA, onLocal.workflowKey, 'hosted-state');
    const { code, target } = await hostedSignIn(app.url, url, randomEmail('hosted'));
    expect(`${target.origin}${target.pathname}`).toBe(`${LOCAL}/hosted/done`);
    const verified = await api(app.url, 'POST', '/api/challenge/verify', {
      headers: { origin: LOCAL },
      body: { ...creds(project), challengeCode: code },
    });
    expect(verified.status, verified.text).toBe(200);

    // the project drops that origin: the workflow is refused at use (424), by JS and SQL alike
    const { url: pending } = await startHostedLogin(app.url, keyA, onLocal.workflowKey);
    const { code: stale } = await hostedSignIn(app.url, pending, randomEmail('stale'));
    const shrunk = await put(project.id, { allowedOrigins: [PROD], redirectUrls: [`${PROD}/cb`] });
    expect(shrunk.status, shrunk.text).toBe(200);
    expectProblem(
      await api(app.url, 'POST', '/api/uauth/session', {
        headers: secretKeyHeader(keyA),
        body: { workflowKey: onLocal.workflowKey },
      }),
      424,
      'workflow_dependency_failed',
    );
    expectProblem(
      await api(app.url, 'POST', '/api/challenge/verify', { body: { ...creds(project), challengeCode: stale } }),
      424,
      'workflow_dependency_failed',
    );
  });
});

describe('the dashboard: the lists as textareas, one entry per line', () => {
  it('shows both lists, saves them, and names the line of a bad entry', async () => {
    const { jar } = await signIn(app.url, randomEmail('lists'));
    const made = await submitForm(app.url, jar, '/dashboard', 'create-project', {
      name: 'Dashboard lists',
      allowedOrigins: `${PROD}\r\n${LOCAL}\r\n`,
      redirectUrls: `${PROD}/cb\n${LOCAL}/cb`,
    });
    expect(made.status, made.text.slice(0, 300)).toBe(303);
    const settingsPath = `${made.location}/settings`;
    const page = await request(app.url, jar, 'GET', settingsPath);
    expect(page.status).toBe(200);
    const textarea = (name: string) =>
      new RegExp(`<textarea[^>]*name="${name}"[^>]*>([^<]*)</textarea>`).exec(page.text)?.[1] ?? '';
    expect(textarea('allowedOrigins').trim()).toBe(`${PROD}\n${LOCAL}`);
    expect(textarea('redirectUrls').trim()).toBe(`${PROD}/cb\n${LOCAL}/cb`);

    const bad = await submitForm(app.url, jar, settingsPath, 'project-settings', {
      allowedOrigins: `${PROD}\n${STAGING}/path`,
      redirectUrls: '',
    });
    expect(bad.status).toBe(200);
    expect(plain(bad.text)).toContain('Allowed origins (line 2) must be an origin such as');
    expect(bad.text).toContain('must have at least one entry');

    const saved = await submitForm(app.url, jar, settingsPath, 'project-settings', {
      allowedOrigins: `${STAGING}\n${PROD}`,
      redirectUrls: `${STAGING}/cb`,
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain('Settings saved.');
    const after = await request(app.url, jar, 'GET', settingsPath);
    expect(after.text).toContain(`${STAGING}\n${PROD}`);
  });
});

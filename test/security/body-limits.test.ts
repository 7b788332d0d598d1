// Page forms refuse bodies over 64 KB with 413 and a short page, whether the size is
// declared (Content-Length: proxy.ts answers before anything parses it) or only streamed
// (chunked: the handlers count the bytes as they read, lib/http/form-post.ts). The one
// bigger form, the email-template editor, takes a 100 KB template; Next's Server Action
// cap (256 KB, next.config.mjs) holds for chunked bodies there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailbox, randomEmail, sendMagicLink, setupProject, type TestProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import {
  type Cookies,
  cookieHeader,
  createProjectInDashboard,
  hiddenFields,
  request,
  signIn,
  submitForm,
} from '../support/dashboard';
import { createWorkflow, startHostedLogin } from '../support/hosted';
import { connect } from '../support/postgres';

let app: AppServer;
let sql: ReturnType<typeof connect>;
let project: TestProject;
let secretToken: string;
let workflowKey: string;

beforeAll(async () => {
  app = await startApp({
    env: {
      RATE_LIMIT_SEND_PER_ADDRESS: 'off',
      RATE_LIMIT_SEND_PER_IP: 'off',
      RATE_LIMIT_SIGN_IN_PER_ADDRESS: 'off',
      RATE_LIMIT_SIGN_IN_PER_IP: 'off',
    },
  });
  sql = connect(app.databaseUrl!);
  ({ project, secretToken } = await setupProject(app));
  ({ workflowKey } = await createWorkflow(app.url, secretToken, project));
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

const KB = 1024;
const pad = (bytes: number) => 'x'.repeat(bytes);

/** A body sent in 8 KB chunks with Transfer-Encoding: chunked (no Content-Length). */
function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 8 * KB));
      offset += 8 * KB;
    },
  });
}

type Sent = { status: number; type: string | null; text: string; location: string | null; headers: Headers };

async function post(
  path: string,
  body: Uint8Array,
  contentType: string,
  mode: 'length' | 'chunked',
  headers: Record<string, string> = {},
): Promise<Sent> {
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    // the Origin a browser sends with a form post (/login/submit refuses cross-site posts)
    headers: { 'content-type': contentType, origin: app.url, ...headers },
    body: mode === 'chunked' ? chunked(body) : body,
    redirect: 'manual',
    ...(mode === 'chunked' ? { duplex: 'half' } : {}),
  } as RequestInit);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    text: await res.text(),
    location: res.headers.get('location'),
    headers: res.headers,
  };
}

/** proxy.ts's matcher skips prefetches: such a request reaches the route without the proxy's check. */
const notProxied = { purpose: 'prefetch' };

const urlencoded = (fields: Record<string, string>) => new TextEncoder().encode(new URLSearchParams(fields).toString());
const postForm = (
  path: string,
  fields: Record<string, string>,
  mode: 'length' | 'chunked',
  headers: Record<string, string> = {},
) => post(path, urlencoded(fields), 'application/x-www-form-urlencoded', mode, headers);

const hostedSessionId = async () => (await startHostedLogin(app.url, secretToken, workflowKey)).sessionId;
const challengeCode = async () => (await sendMagicLink(app.url, project, randomEmail('continue'))).code;

function expectTooLarge(res: Sent) {
  expect(res.status, res.text.slice(0, 300)).toBe(413);
  expect(res.type).toMatch(/^text\/html/);
  expect(res.text).toContain('That form was too large');
  expect(res.text).toContain('64 KB');
}

describe('page forms over 64 KB → 413', () => {
  for (const mode of ['length', 'chunked'] as const) {
    const how = mode === 'length' ? 'with Content-Length' : 'chunked';

    it(`/login/submit, 65 KB ${how}: 413, and no sign-in email`, async () => {
      const email = randomEmail('big-login');
      expectTooLarge(await postForm('/login/submit', { email, pad: pad(65 * KB) }, mode));
      expect(await mailbox(app.url, email)).toHaveLength(0);
    });

    it(`/uauth/submit, 65 KB ${how}: 413, and no email`, async () => {
      const email = randomEmail('big-hosted');
      expectTooLarge(
        await postForm('/uauth/submit', { sessionId: await hostedSessionId(), email, pad: pad(65 * KB) }, mode),
      );
      expect(await mailbox(app.url, email)).toHaveLength(0);
    });

    it(`/l/continue, 65 KB ${how}: 413, and the code is not spent`, async () => {
      const code = await challengeCode();
      expectTooLarge(await postForm('/l/continue', { code, pad: pad(65 * KB) }, mode));
      const normal = await postForm('/l/continue', { code }, mode);
      expect(normal.status).toBe(303);
      expect(normal.location).toMatch(new RegExp(`^${project.redirectUrl}\\?code=${code}`));
    });

    it(`${how}, past proxy.ts (a prefetch header skips it): each handler counts the bytes itself`, async () => {
      const email = randomEmail('bypass');
      expectTooLarge(await postForm('/login/submit', { email, pad: pad(65 * KB) }, mode, notProxied));
      expectTooLarge(
        await postForm(
          '/uauth/submit',
          { sessionId: await hostedSessionId(), email, pad: pad(65 * KB) },
          mode,
          notProxied,
        ),
      );
      const code = await challengeCode();
      expectTooLarge(await postForm('/l/continue', { code, pad: pad(65 * KB) }, mode, notProxied));
      expect(await mailbox(app.url, email)).toHaveLength(0);
      const normal = await postForm('/l/continue', { code }, mode, notProxied);
      expect(normal.status).toBe(303);
      // proxy.ts did not see it: none of the headers it puts on every page response
      expect(normal.headers.get('x-frame-options')).toBeNull();
      expect((await postForm('/l/continue', { code: 'unknown' }, mode)).headers.get('x-frame-options')).toBe('DENY');
    });

    it(`normal posts ${how} still work, also just under 64 KB`, async () => {
      const email = randomEmail('normal');
      const login = await postForm('/login/submit', { email, pad: pad(60 * KB) }, mode);
      expect(login.status).toBe(303);
      expect(login.location).toBe(`${app.url}/login?sent=1`);
      expect(await mailbox(app.url, email)).toHaveLength(1);

      const hostedEmail = randomEmail('hosted');
      const sessionId = await hostedSessionId();
      const hosted = await postForm('/uauth/submit', { sessionId, email: hostedEmail }, mode);
      expect(hosted.status).toBe(303);
      expect(hosted.location).toBe(`${app.url}/uauth?sessionId=${sessionId}&sent=1`);
      expect(await mailbox(app.url, hostedEmail)).toHaveLength(1);

      // multipart too (what a browser sends for a form with enctype multipart/form-data)
      const form = new FormData();
      form.set('code', await challengeCode());
      const multipart = new Response(form);
      const cont = await post(
        '/l/continue',
        new Uint8Array(await multipart.arrayBuffer()),
        multipart.headers.get('content-type') ?? '',
        mode,
      );
      expect(cont.status).toBe(303);
      expect(cont.location).toMatch(new RegExp(`^${project.redirectUrl}\\?code=`));
    });
  }
});

it('a 3 MB chunked page post: 413, and Next keeps only the first 2 MB of it meanwhile', async () => {
  const res = await postForm('/login/submit', { email: randomEmail('huge'), pad: pad(3 * KB * KB) }, 'chunked');
  expectTooLarge(res);
  expect(app.logs()).toMatch(/Request body exceeded 2MB for \/login\/submit/);
});

describe('dashboard Server Actions', () => {
  let jar: Cookies;
  let projectId: string;

  beforeAll(async () => {
    ({ jar } = await signIn(app.url, randomEmail('dash-limits')));
    projectId = await createProjectInDashboard(app.url, jar, 'Limits App');
  });

  const templateOf = async () =>
    (await sql`select email_template from projects where id = ${projectId}`)[0]?.email_template as string | null;

  /** The template form's fields as a multipart body, as a browser without JavaScript posts it. */
  async function templateBody(html: string): Promise<{ bytes: Uint8Array; type: string }> {
    const page = await request(app.url, jar, 'GET', `/dashboard/projects/${projectId}/template`);
    const form = new FormData();
    for (const [k, v] of Object.entries({
      ...hiddenFields(page.text, 'template'),
      emailSubject: 'Big',
      emailTemplate: html,
    }))
      form.set(k, v);
    const encoded = new Response(form);
    return { bytes: new Uint8Array(await encoded.arrayBuffer()), type: encoded.headers.get('content-type') ?? '' };
  }

  it('a form post over 64 KB to a dashboard page → 413, nothing done', async () => {
    const name = `Too big ${crypto.randomUUID().slice(0, 8)}`;
    const res = await submitForm(app.url, jar, '/dashboard', 'create-project', {
      name,
      allowedOrigin: 'http://localhost:5173',
      redirectUrl: 'http://localhost:5173/callback',
      sessionValidSeconds: '',
      logoUrl: '',
      pad: pad(65 * KB),
    });
    expect(res.status).toBe(413);
    expect(res.text).toContain('That form was too large');
    expect(await sql`select 1 from projects where name = ${name}`).toHaveLength(0);
  });

  it('a chunked form post over 64 KB to a dashboard page → 413', async () => {
    const page = await request(app.url, jar, 'GET', '/dashboard');
    const form = new FormData();
    const name = `Chunked ${crypto.randomUUID().slice(0, 8)}`;
    const fields = {
      ...hiddenFields(page.text, 'create-project'),
      name,
      allowedOrigin: 'http://localhost:5173',
      redirectUrl: 'http://localhost:5173/callback',
      pad: pad(65 * KB),
    };
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const encoded = new Response(form);
    const res = await post(
      '/dashboard',
      new Uint8Array(await encoded.arrayBuffer()),
      encoded.headers.get('content-type') ?? '',
      'chunked',
      {
        cookie: cookieHeader(jar),
        origin: app.url,
      },
    );
    expectTooLarge(res);
    expect(await sql`select 1 from projects where name = ${name}`).toHaveLength(0);
  });

  it('the template page accepts a 100 KB template', async () => {
    const html = `<p><a href="{{link}}">Sign in</a></p><!--${pad(100 * KB - 60)}-->`;
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(100 * KB);
    expect(Buffer.byteLength(html)).toBeGreaterThan(99 * KB);
    const res = await submitForm(app.url, jar, `/dashboard/projects/${projectId}/template`, 'template', {
      emailSubject: 'Big',
      emailTemplate: html,
    });
    expect(res.status, res.text.slice(0, 300)).toBe(303);
    expect(res.location).toContain('notice=template_saved');
    expect(await templateOf()).toBe(html);
  });

  it('over 256 KB to the template page is refused, declared or chunked, and nothing is saved', async () => {
    const before = await templateOf();
    const { bytes, type } = await templateBody(`<p>{{link}}</p>${pad(300 * KB)}`);
    const headers = { cookie: cookieHeader(jar), origin: app.url };
    const declared = await post(`/dashboard/projects/${projectId}/template`, bytes, type, 'length', headers);
    expect(declared.status).toBe(413);
    expect(declared.text).toContain('256 KB');
    const streamed = await post(`/dashboard/projects/${projectId}/template`, bytes, type, 'chunked', headers);
    expect(streamed.status).toBe(413);
    expect(streamed.text).toContain('256 KB');
    // Next's own Server Action cap (256 KB) refuses it where proxy.ts does not run
    const bypassing = await post(`/dashboard/projects/${projectId}/template`, bytes, type, 'chunked', {
      ...headers,
      ...notProxied,
    });
    expect(bypassing.status).toBeGreaterThanOrEqual(400);
    expect(await templateOf()).toBe(before);
  });
});

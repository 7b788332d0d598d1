// The HTML form posts of the sign-in pages and the dashboard's Try it answer through one
// module (lib/http/form-post.ts, lib/http/cookies.ts, lib/http/static-page.ts): every
// cookie with the same flags, one mapping from errors to the codes pages show, and the
// small static pages (403, 413, 400, 503) with one set of security headers. The last
// block cuts the database off (the app reaches it through a relay) to see the 503s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomEmail } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { type Cookies, request, signIn, submitForm } from '../support/dashboard';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { type StatementLog, startStatementLog } from '../support/statement-log';

let database: TestDatabase;
let relay: StatementLog;
let app: AppServer;

beforeAll(async () => {
  database = await createTestDatabase();
  relay = await startStatementLog(database.url);
  app = await startApp({ databaseUrl: relay.url });
});
afterAll(async () => {
  await app?.stop();
  await relay?.close();
  await database?.drop();
});

const cookieNamed = (setCookies: string[], name: string) => setCookies.find((c) => c.startsWith(`${name}=`));

function expectSharedCookieFlags(cookie: string | undefined, path: string) {
  expect(cookie).toBeDefined();
  expect(cookie).toMatch(/;\s*HttpOnly/i);
  expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  expect(cookie).toMatch(new RegExp(`;\\s*Path=${path}(;|$)`, 'i'));
  expect(cookie).not.toMatch(/;\s*Secure/i); // APP_URL is http here (https: dashboard-https.test.ts)
}

function expectStaticPage(res: { status: number; headers: Headers; text: string }, status: number, text: string) {
  expect(res.status, res.text.slice(0, 200)).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('cache-control')).toMatch(/no-store/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  // the page's own CSP (default-src 'none'), or — answered by a route handler behind
  // proxy.ts — the pages' CSP the proxy puts on it: never framed, no inline script either way
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toMatch(/default-src 'none'|script-src 'self' 'nonce-/);
  expect(/script-src[^;]*'unsafe-inline'/.test(csp)).toBe(false);
  expect(res.headers.get('location')).toBeNull();
  expect(res.text).toContain(text);
  expect(res.text).not.toMatch(/<script/i);
}

describe('cookies', () => {
  it('/login/submit sets the login state and address cookies with the shared flags', async () => {
    const jar: Cookies = new Map();
    const email = randomEmail('cookies');
    const submitted = await request(app.url, jar, 'POST', '/login/submit', new URLSearchParams({ email }));
    expect(submitted.status).toBe(303);
    expect(submitted.location).toBe(`${app.url}/login?sent=1`);
    expectSharedCookieFlags(cookieNamed(submitted.setCookies, 'uauth_login_state'), '/login');
    const emailCookie = cookieNamed(submitted.setCookies, 'uauth_login_email');
    expectSharedCookieFlags(emailCookie, '/login');
    expect(emailCookie).toMatch(/Max-Age=1800/);
    // the "check your email" page reads the address back
    const sent = await request(app.url, jar, 'GET', '/login?sent=1');
    expect(sent.text.replace(/<!-- -->/g, '')).toContain(email);

    // a link of another browser: refused, and the cookies stay for the right link
    const wrong = await request(app.url, jar, 'GET', `/login/callback?code=${'x'.repeat(43)}&state=other`);
    expect(wrong.location).toBe(`${app.url}/login?error=browser`);
    expect(wrong.setCookies).toEqual([]);
  });

  it('the signed-in callback deletes the login cookies', async () => {
    const { setCookies } = await signIn(app.url, randomEmail('signed'));
    for (const name of ['uauth_login_state', 'uauth_login_email']) {
      const cleared = cookieNamed(setCookies, name);
      expect(cleared, name).toBeDefined();
      expect(cleared).toMatch(/;\s*Path=\/login/i);
      expect(cleared).toMatch(/^[^=]+=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    }
  });

  it('/uauth/submit remembers the address in a cookie of that hosted login only', async () => {
    const sessionId = 'a'.repeat(32);
    const jar: Cookies = new Map();
    const res = await request(
      app.url,
      jar,
      'POST',
      '/uauth/submit',
      new URLSearchParams({ sessionId, email: 'someone@example.test' }),
    );
    expect(res.status).toBe(303);
    // an unknown hosted login: back to its page, which says so
    expect(res.location).toBe(`${app.url}/uauth?sessionId=${sessionId}`);
    const cookie = cookieNamed(res.setCookies, `uauth_email_${sessionId}`);
    expectSharedCookieFlags(cookie, '/uauth');
    expect(cookie).toContain('someone%40example.test');
    expect(cookie).toMatch(/Max-Age=1800/);
  });
});

describe('the small static pages share one template and its headers', () => {
  it('403: a sign-in form posted from another site', async () => {
    const res = await request(
      app.url,
      new Map(),
      'POST',
      '/login/submit',
      new URLSearchParams({ email: randomEmail() }),
      {
        origin: 'https://evil.example',
      },
    );
    expectStaticPage(res, 403, 'This sign-in request came from another site');
    expect(res.text).toContain(`href="${app.url}/login"`);
    expect(res.setCookies).toEqual([]);
  });

  it('413: a form over 64 KB', async () => {
    const res = await request(
      app.url,
      new Map(),
      'POST',
      '/uauth/submit',
      new URLSearchParams({ sessionId: 'a'.repeat(32), email: 'x'.repeat(70_000) }),
    );
    expectStaticPage(res, 413, 'That form was too large');
    expect(res.text).toContain('64 KB');
  });

  it('400: a page path that does not decode', async () => {
    const res = await request(app.url, new Map(), 'GET', '/l/%E0%A4%A');
    expectStaticPage(res, 400, 'This address is not valid');
  });
});

describe('Try it on a workflow whose redirect its project no longer allows', () => {
  it('goes back to the workflows with error=workflow_dependency_failed, which the page explains', async () => {
    const { jar } = await signIn(app.url, randomEmail('try'));
    const created = await submitForm(app.url, jar, '/dashboard', 'create-project', {
      name: 'Try Co',
      allowedOrigin: 'http://localhost:4321',
      redirectUrl: 'http://localhost:4321/callback',
    });
    const projectPath = new URL(created.location ?? '', app.url).pathname;
    const workflows = `${projectPath}/workflows`;
    const made = await submitForm(app.url, jar, workflows, 'create-workflow', {
      name: 'Soon stale',
      policyId: 'sign_up_sign_in',
      clientRedirectUrl: 'http://localhost:4321/done',
    });
    expect(made.status).toBe(200);
    // the project moves to another origin: the workflow's redirect is no longer allowed
    const moved = await submitForm(app.url, jar, `${projectPath}/settings`, 'project-settings', {
      allowedOrigin: 'https://moved.example',
      redirectUrl: 'https://moved.example/callback',
    });
    expect(moved.status).toBe(200);
    const page = await request(app.url, jar, 'GET', workflows);
    const workflowKey = /name="workflowKey" value="([0-9a-f-]{36})"/.exec(page.text)?.[1] ?? '';
    const tried = await request(app.url, jar, 'POST', `${workflows}/try`, new URLSearchParams({ workflowKey }));
    expect(tried.status).toBe(303);
    expect(tried.location).toBe(`${app.url}${workflows}?error=workflow_dependency_failed`);
    const back = await request(app.url, jar, 'GET', `${workflows}?error=workflow_dependency_failed`);
    expect(back.text).toContain('no longer on the project');
  });
});

describe('the database cut off', () => {
  const code = 'z'.repeat(43);
  beforeAll(async () => {
    await relay.close();
  });

  it('Continue answers the 503 static page, with Retry-After', async () => {
    const res = await request(app.url, new Map(), 'POST', '/l/continue', new URLSearchParams({ code }));
    expectStaticPage(res, 503, 'Please go back and try again in a moment');
    expect(res.headers.get('retry-after')).toBe('5');
  });

  it('the landing and hosted login pages answer 503 with their readable card', async () => {
    for (const path of [`/l/${code}`, `/uauth?sessionId=${'b'.repeat(32)}`]) {
      const res = await request(app.url, new Map(), 'GET', path);
      expect(res.status, path).toBe(503);
      expect(res.text, path).toContain('Sign-in is temporarily unavailable');
    }
  });
});

// The magic-link landing page (GET /l/{code}) and its Continue button (POST /l/continue),
// against the real app: opening a link never uses it up nor redirects (mail scanners open
// links); only Continue leads to the project's redirectUrl with the code and state; used,
// expired and garbage codes get a page that says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createProject as createProjectWith,
  randomEmail,
  sendMagicLink,
  setupProject,
  verifyChallenge,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { getPage as getPageAt, pressContinue as pressContinueAt, visibleText } from '../support/pages';
import { connect } from '../support/postgres';

type Project = { id: string; clientToken: string; name: string; redirectUrl: string; logoUrl: string | null };

const PROJECT_NAME = 'Landing Test Co';
const LOGO_URL = 'https://cdn.example.com/landing-logo.png';
const REDIRECT_URL = 'http://localhost:4321/callback?tenant=acme&lang=en';

let app: AppServer;
let sql: ReturnType<typeof connect>;
let secretToken: string;
let project: Project;

beforeAll(async () => {
  app = await startApp();
  sql = connect(app.databaseUrl!);
  const setup = await setupProject(app, { name: PROJECT_NAME, logoUrl: LOGO_URL, redirectUrl: REDIRECT_URL });
  secretToken = setup.secretToken;
  project = setup.project;
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

// ---------------------------------------------------------------- helpers

const createProject = (overrides: Record<string, unknown>): Promise<Project> =>
  createProjectWith(app.url, secretToken, overrides);

/** Sends a challenge; returns the emailed landing link and its code. */
async function sendChallenge(
  p: Project = project,
  extra: Record<string, unknown> = {},
  email = randomEmail('landing'),
) {
  const { link, code } = await sendMagicLink(app.url, p, email, { body: extra });
  return { link, code, email };
}

/** GET a page path (relative to the app) without following redirects. */
const getPage = (pathOrUrl: string) => getPageAt(pathOrUrl, { baseUrl: app.url });
const pressContinue = (code: string) => pressContinueAt(app.url, code);
const verify = (p: Project, challengeCode: string) => verifyChallenge(app.url, p, challengeCode);

/** The Continue form: method post, action /l/continue, a hidden input code. */
function continueForm(html: string): { action: string; method: string; code: string } | null {
  const form = html.match(/<form\b([^>]*)>([\s\S]*?)<\/form>/i);
  if (!form) return null;
  const attr = (source: string, name: string) => source.match(new RegExp(`\\b${name}="([^"]*)"`, 'i'))?.[1] ?? '';
  const hidden = [...form[2]!.matchAll(/<input\b([^>]*)>/gi)].map((m) => m[1]!).find((a) => attr(a, 'name') === 'code');
  return {
    action: attr(form[1]!, 'action'),
    method: attr(form[1]!, 'method').toLowerCase(),
    code: hidden && attr(hidden, 'type').toLowerCase() === 'hidden' ? attr(hidden, 'value') : '',
  };
}

function expectSecurityHeaders(headers: Headers) {
  const csp = headers.get('content-security-policy');
  expect(csp, 'Content-Security-Policy').toBeTruthy();
  expect(csp).toMatch(/frame-ancestors 'none'/);
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-content-type-options')).toBe('nosniff');
}

/**
 * A 303 back to this app's landing page for the code (never to the project). The
 * Location may be relative; if absolute it must be on APP_URL (what the emailed link
 * uses), not on whatever host the server thinks it listens on.
 */
function expectBackToLanding(res: { status: number; headers: Headers }, code: string) {
  expect(res.status).toBe(303);
  const raw = res.headers.get('location');
  expect(raw).toBeTruthy();
  const location = new URL(raw!, app.url);
  expect(location.origin, `Location ${raw} should be on APP_URL ${app.url}`).toBe(app.url);
  expect(location.pathname).toBe(`/l/${encodeURIComponent(code)}`);
  expect(location.searchParams.has('code')).toBe(false);
}

function expectNoRedirect(res: { status: number; headers: Headers }, status = 200) {
  expect(res.status).toBe(status);
  expect(res.headers.get('location')).toBeNull();
  expect(res.headers.get('refresh')).toBeNull();
}

// ---------------------------------------------------------------- GET /l/{code}

describe('GET /l/{code}', () => {
  it("shows the project's name, logo and a Continue form posting the code to /l/continue", async () => {
    const { link, code, email } = await sendChallenge();
    const page = await getPage(link);
    expectNoRedirect(page);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const text = visibleText(page.html);
    expect(text).toContain(PROJECT_NAME);
    expect(page.html).toMatch(new RegExp(`<img\\b[^>]*src="${LOGO_URL.replace(/[.]/g, '\\.')}"`));
    expect(text).toContain(email);

    const form = continueForm(page.html);
    expect(form).toEqual({ action: '/l/continue', method: 'post', code });
    // the page itself does not carry the redirect target with the code (no meta refresh, no JS redirect)
    expect(page.html).not.toMatch(/http-equiv="refresh"/i);
    expect(page.html).not.toContain(`code=${code}`);
  });

  it('carries the security headers', async () => {
    const { link } = await sendChallenge();
    expectSecurityHeaders((await getPage(link)).headers);
  });

  it('never redirects and never consumes: verify still works after several GETs', async () => {
    const { link, code } = await sendChallenge();
    for (let i = 0; i < 4; i++) {
      const page = await getPage(link);
      expectNoRedirect(page);
      expect(continueForm(page.html)?.code).toBe(code);
    }
    // HEAD (some scanners) does not consume either
    const head = await fetch(link, { method: 'HEAD', redirect: 'manual' });
    expect(head.status).toBeLessThan(300);
    const res = await verify(project, code);
    expect(res.status, res.text).toBe(200);
  });

  it('omits the logo when the project has none', async () => {
    const plain = await createProject({ name: 'No Logo Inc' });
    const { link } = await sendChallenge(plain);
    const page = await getPage(link);
    expectNoRedirect(page);
    expect(visibleText(page.html)).toContain('No Logo Inc');
    expect(page.html).not.toContain(LOGO_URL);
    expect(page.html).not.toMatch(/<img\b[^>]*src="https:/);
  });

  it('escapes the project name', async () => {
    const hostile = await createProject({ name: '<script>alert("x")</script> & Co' });
    const { link } = await sendChallenge(hostile);
    const page = await getPage(link);
    expectNoRedirect(page);
    expect(page.html).not.toContain('<script>alert("x")</script>');
    expect(visibleText(page.html)).toContain('<script>alert("x")</script> & Co');
  });
});

// ---------------------------------------------------------------- POST /l/continue

describe('POST /l/continue', () => {
  it("303s to the project's redirectUrl with code and state, keeping its query", async () => {
    const state = 'return=/dashboard?x=1&y=é ü';
    const { code } = await sendChallenge(project, { state });
    const res = await pressContinue(code);
    expect(res.status, res.text).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:4321/callback');
    expect(location.searchParams.get('tenant')).toBe('acme');
    expect(location.searchParams.get('lang')).toBe('en');
    expect(location.searchParams.get('code')).toBe(code);
    expect(location.searchParams.get('state')).toBe(state);
    expect(location.hash).toBe('');
    // the redirect did not consume the code
    expect((await verify(project, code)).status).toBe(200);
  });

  it('adds no state parameter when none was given', async () => {
    const { code } = await sendChallenge();
    const res = await pressContinue(code);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('code')).toBe(code);
    expect(location.searchParams.has('state')).toBe(false);
  });

  it('redirects again with the same code when pressed twice before verify', async () => {
    const { code, link } = await sendChallenge(project, { state: 'abc' });
    const first = await pressContinue(code);
    const again = await pressContinue(code);
    expect(first.status).toBe(303);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(new URL(again.headers.get('location')!).searchParams.get('code')).toBe(code);
    // the page still offers Continue
    expect(continueForm((await getPage(link)).html)?.code).toBe(code);
  });

  it('after verify: the page says the link was used (no redirect), Continue goes back to /l/{code}', async () => {
    const { code, link } = await sendChallenge();
    expect((await verify(project, code)).status).toBe(200);

    const page = await getPage(link);
    expectNoRedirect(page, 409); // a used link: 409 like the API
    expect(visibleText(page.html)).toMatch(/already (been )?used/i);
    expect(continueForm(page.html)).toBeNull();
    expectSecurityHeaders(page.headers);

    expectBackToLanding(await pressContinue(code), code);
  });

  it('expired: the page says so, and Continue does not redirect to the project', async () => {
    const { code, link, email } = await sendChallenge();
    const updated = await sql`update challenges set expires_at = now() - interval '1 minute'
      where project_id = ${project.id} and email = ${email}`;
    expect(updated.count).toBe(1);

    const page = await getPage(link);
    expectNoRedirect(page, 410); // expired: 410 Gone like the API
    expect(visibleText(page.html)).toMatch(/expired/i);
    expect(visibleText(page.html)).toContain(PROJECT_NAME);
    expect(continueForm(page.html)).toBeNull();
    expectSecurityHeaders(page.headers);

    expectBackToLanding(await pressContinue(code), code);
  });

  it('a deleted project: the link no longer leads to it', async () => {
    const doomed = await createProject({ name: 'Doomed App', redirectUrl: 'http://localhost:4321/doomed' });
    const { code, link } = await sendChallenge(doomed);
    const del = await api(app.url, 'DELETE', `/api/projects/${doomed.id}`, {
      headers: { 'x-upid-organization-key': secretToken },
    });
    expect(del.status, del.text).toBe(204);

    const page = await getPage(link);
    expect(page.status).toBeLessThan(500);
    expect(page.headers.get('location')).toBeNull();
    expect(continueForm(page.html)).toBeNull();
    const res = await pressContinue(code);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get('location') ?? '').not.toContain('/doomed');
  });
});

// ---------------------------------------------------------------- garbage

describe('garbage codes', () => {
  it.each([
    ['a short word', 'garbage'],
    ['a well-formed unknown code', 'A'.repeat(43)],
    ['markup', encodeURIComponent('<script>alert(1)</script>')],
    ['quotes and spaces', encodeURIComponent(`" onmouseover="x' y`)],
    ['a very long code', 'x'.repeat(5000)],
    ['a percent-encoded NUL', '%00abc'],
    ['dots', '..%2F..%2Fetc%2Fpasswd'],
  ])('GET /l/<%s>: a page saying the link is invalid, never 500', async (_label, code) => {
    const page = await getPage(`/l/${code}`);
    expect(page.status, page.html.slice(0, 300)).toBeLessThan(500);
    expect(page.headers.get('location')).toBeNull();
    if (page.status === 200 || page.status === 404) {
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(visibleText(page.html)).toMatch(/not valid|invalid|not found|could not be found/i);
      expect(continueForm(page.html)).toBeNull();
      expect(page.html).not.toContain('<script>alert(1)</script>');
      expectSecurityHeaders(page.headers);
    }
  });

  it('the page for an unknown well-formed code says the link is not valid', async () => {
    const page = await getPage(`/l/${'Z'.repeat(43)}`);
    expect(page.status).toBe(404);
    expect(visibleText(page.html)).toMatch(/not valid|invalid/i);
  });

  it.each([
    ['an unknown code', `code=${'B'.repeat(43)}`, 'application/x-www-form-urlencoded'],
    ['no code', '', 'application/x-www-form-urlencoded'],
    ['markup', `code=${encodeURIComponent('<b>x</b>')}`, 'application/x-www-form-urlencoded'],
    ['a JSON body', '{"code":"abc"}', 'application/json'],
    ['a broken multipart body', '--xx\r\nbroken', 'multipart/form-data; boundary=xx'],
  ])('POST /l/continue with %s: never a 500, never a redirect to a project', async (_label, body, type) => {
    const res = await fetch(`${app.url}/l/continue`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
      redirect: 'manual',
    });
    expect(res.status).toBeLessThan(500);
    const location = res.headers.get('location');
    if (location) {
      const url = new URL(location, app.url);
      expect(url.origin, `Location ${location} should be on APP_URL ${app.url}`).toBe(app.url);
      expect(url.pathname.startsWith('/l/')).toBe(true);
      // and the page it leads to says invalid, not 500
      const page = await getPage(url.pathname);
      expect(page.status).toBeLessThan(500);
    }
  });
});

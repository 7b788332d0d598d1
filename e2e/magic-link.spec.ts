// The magic-link sign-in in a real browser: send -> dev mailbox -> landing page (no
// redirect on GET) -> Continue -> the project's callback page with ?code&state ->
// verify -> session and user. Plus: used link, invalid link, phone-sized landing page,
// and verify called from the callback page itself (CORS with the project's origin).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import { api, codeOfLink, randomEmail, sendChallenge, setupProject, verifyChallenge } from '../test/support/api';
import { newestLandingLink } from './support';

const appUrl = process.env.UAUTH_URL ?? '';
const appEnv: Record<string, string> = JSON.parse(process.env.UAUTH_APP_ENV ?? '{}');

/** A tiny stand-in for the developer's app: serves /callback and records its hits. */
type CallbackServer = { origin: string; callbackUrl: string; hits: URL[]; close: () => Promise<void> };

async function startCallbackServer(): Promise<CallbackServer> {
  const hits: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    hits.push(url);
    const code = url.searchParams.get('code') ?? '';
    const state = url.searchParams.get('state') ?? '';
    const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><meta charset="utf-8"><title>Example app callback</title>` +
        `<h1>Example app callback</h1>` +
        `<p>code: <code id="code">${escapeHtml(code)}</code></p>` +
        `<p>state: <code id="state">${escapeHtml(state)}</code></p>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    callbackUrl: `${origin}/callback`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let callback: CallbackServer;
let otherSite: CallbackServer;
let project: { id: string; name: string; clientToken: string };
const projectName = `Acme Rockets ${Math.random().toString(36).slice(2, 7)}`;

test.beforeAll(async () => {
  expect(appUrl, 'UAUTH_URL is set by e2e/global-setup.ts').toMatch(/^http:\/\//);
  callback = await startCallbackServer();
  otherSite = await startCallbackServer();
  ({ project } = await setupProject(
    { url: appUrl, env: appEnv },
    { name: projectName, allowedOrigin: callback.origin, redirectUrl: callback.callbackUrl },
  ));
});

test.afterAll(async () => {
  await callback?.close();
  await otherSite?.close();
});

const clientQuery = () => `projectId=${project.id}&clientToken=${encodeURIComponent(project.clientToken)}`;

/** POST /api/challenge/send, then the newest link in the dev mailbox for that address. */
async function sendMagicLink(email: string, state?: string): Promise<string> {
  const sent = await sendChallenge(appUrl, project, email, { body: state ? { state } : {} });
  expect(sent.status, sent.text).toBe(201);
  expect(sent.data).toMatchObject({ status: 'sent' });
  return newestLandingLink(appUrl, email);
}

/** Opens the landing page and checks it is the page itself, not a redirect. */
async function openLanding(page: Page, link: string, status = 200) {
  const response = await page.goto(link);
  expect(response, 'navigation response').not.toBeNull();
  expect(response!.status()).toBe(status);
  expect(response!.request().redirectedFrom(), 'GET on the landing page must not redirect').toBeNull();
  expect(page.url()).toBe(link);
  return response!;
}

const verify = (code: string) => verifyChallenge(appUrl, project, code);

test('sign in: mailbox -> landing page -> Continue -> callback -> verify -> session and user', async ({
  page,
}, testInfo) => {
  const email = randomEmail('e2e');
  const state = `st-${crypto.randomUUID()} a&b=c/é?`;
  const link = await sendMagicLink(email, state);

  // The dev mailbox page lists the link; click it like a user would.
  await page.goto(`${appUrl}/dev/mailbox?to=${encodeURIComponent(email)}`);
  await expect(page.getByRole('heading', { name: 'Development mailbox' })).toBeVisible();
  const anchor = page.locator(`a[href="${link}"]`).first();
  await expect(anchor).toBeVisible();
  const hitsBefore = callback.hits.length;
  const [landing] = await Promise.all([page.waitForNavigation(), anchor.click()]);
  expect(landing?.status()).toBe(200);
  expect(landing?.request().redirectedFrom()).toBeNull();
  expect(page.url()).toBe(link);

  // Landing page: the project's name and one Continue button; no redirect, no callback hit.
  await expect(page.getByRole('heading', { name: `Sign in to ${projectName}` })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  const continueButton = page.getByRole('button', { name: 'Continue' });
  await expect(continueButton).toHaveCount(1);
  await expect(continueButton).toBeVisible();
  expect(callback.hits.length, 'opening the link must not reach the project').toBe(hitsBefore);
  await page.screenshot({ path: testInfo.outputPath('landing-desktop.png'), fullPage: true });

  // Opening it again (a mail scanner did it first, say) still shows Continue.
  await openLanding(page, link);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();

  // Continue -> 303 -> the project's redirectUrl with code and state.
  await Promise.all([page.waitForURL((u) => u.href.startsWith(callback.callbackUrl)), continueButton.click()]);
  await expect(page.getByRole('heading', { name: 'Example app callback' })).toBeVisible();
  const landed = new URL(page.url());
  expect(`${landed.origin}${landed.pathname}`).toBe(callback.callbackUrl);
  const code = landed.searchParams.get('code') ?? '';
  expect(code).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  expect(landed.searchParams.get('state')).toBe(state);
  expect(link).toBe(`${appUrl}/l/${code}`);
  expect(callback.hits.at(-1)?.searchParams.get('code')).toBe(code);
  await page.screenshot({ path: testInfo.outputPath('callback.png') });

  // The app's server verifies the code: a session and the user.
  const verified = await verify(code);
  expect(verified.status, verified.text).toBe(200);
  expect(verified.data).toMatchObject({ status: 'verified', user: { emailAddress: email } });
  const sessionCode: string = verified.data.session.code;
  expect(sessionCode).toBeTruthy();

  const session = await api(
    appUrl,
    'GET',
    `/api/session?${clientQuery()}&sessionCode=${encodeURIComponent(sessionCode)}`,
  );
  expect(session.status, session.text).toBe(200);
  expect(session.data).toMatchObject({ code: sessionCode, status: 'active' });

  const user = await api(appUrl, 'GET', `/api/user?${clientQuery()}&sessionCode=${encodeURIComponent(sessionCode)}`);
  expect(user.status, user.text).toBe(200);
  expect(user.data).toMatchObject({ emailAddress: email });
  expect(user.data.userHash).toBeTruthy();
  expect(JSON.stringify(user.data.userHash)).not.toContain(email.split('@')[0]);

  // A second verify of the same code: 409.
  expect((await verify(code)).status).toBe(409);

  // Reopening the used link: a clear "already used" page, no Continue, no redirect.
  const hitsAfter = callback.hits.length;
  await openLanding(page, link, 409); // a used link answers 409, as the API does
  await expect(page.getByRole('heading', { name: /already been used/i })).toBeVisible();
  await expect(page.getByText(projectName)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
  expect(callback.hits.length).toBe(hitsAfter);
  await page.screenshot({ path: testInfo.outputPath('landing-used.png'), fullPage: true });
});

test('Continue again before verify redirects again with the same code', async ({ page }) => {
  const email = randomEmail('again');
  const link = await sendMagicLink(email);
  const code = codeOfLink(link);

  for (let i = 0; i < 2; i++) {
    await openLanding(page, link);
    await Promise.all([
      page.waitForURL((u) => u.href.startsWith(callback.callbackUrl)),
      page.getByRole('button', { name: 'Continue' }).click(),
    ]);
    const landed = new URL(page.url());
    expect(landed.searchParams.get('code')).toBe(code);
    expect(landed.searchParams.has('state'), 'no state was given').toBe(false);
  }
  expect((await verify(code)).status).toBe(200);
});

test('landing page on a phone-sized viewport (375x667)', async ({ browser }, testInfo) => {
  const email = randomEmail('phone');
  const link = await sendMagicLink(email, 'phone');
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  try {
    const page = await context.newPage();
    await openLanding(page, link);
    await expect(page.getByRole('heading', { name: `Sign in to ${projectName}` })).toBeVisible();
    const button = page.getByRole('button', { name: 'Continue' });
    await expect(button).toBeInViewport();

    // Nothing wider than the screen; the button fits inside it and is comfortably tappable.
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    expect(box!.height).toBeGreaterThanOrEqual(40);

    const shot = testInfo.outputPath('landing-phone-375x667.png');
    await page.screenshot({ path: shot, fullPage: true });
    await testInfo.attach('landing-phone-375x667', { path: shot, contentType: 'image/png' });

    // Tapping Continue works on the phone too.
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback.callbackUrl)), button.tap()]);
    expect(new URL(page.url()).searchParams.get('state')).toBe('phone');
  } finally {
    await context.close();
  }
});

test('an invalid link shows a clear page, not a redirect or an error', async ({ page }, testInfo) => {
  for (const bogus of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'short', 'not%20a%20code!']) {
    const url = `${appUrl}/l/${bogus}`;
    const response = await page.goto(url);
    expect(response!.status(), url).toBeLessThan(500);
    expect(response!.request().redirectedFrom()).toBeNull();
    await expect(page.getByRole('heading', { name: /not valid/i })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Continue' })).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(/at .*\.js:\d+|Error:/);
  }
  await page.screenshot({ path: testInfo.outputPath('landing-invalid.png'), fullPage: true });

  // A forged Continue with an unknown code goes back to a landing page that says so.
  await page.goto(`${appUrl}/l/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
  await page.evaluate(() => {
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/l/continue';
    const input = document.createElement('input');
    input.name = 'code';
    input.value = 'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    form.append(input);
    document.body.append(form);
    form.submit();
  });
  await page.waitForURL((u) => u.pathname === '/l/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB');
  await expect(page.getByRole('heading', { name: /not valid/i })).toBeVisible();
});

// Continue on a used link must return to the landing page on APP_URL (not request.url's host).
test('Continue with a used link goes back to the landing page on APP_URL', async ({ page }) => {
  const link = await sendMagicLink(randomEmail('used'));
  await openLanding(page, link);
  const code = codeOfLink(link);
  expect((await verify(code)).status).toBe(200);
  // The page was opened before the code was used: its Continue button now leads back.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.pathname === `/l/${code}`);
  await expect(page.getByRole('heading', { name: /already been used/i })).toBeVisible();
  expect(callback.hits.some((h) => h.searchParams.get('code') === code)).toBe(false);
  expect(page.url()).toBe(link);
});

test('the callback page verifies in the browser: CORS for the allowed origin only', async ({ page }) => {
  const email = randomEmail('cors');
  const link = await sendMagicLink(email, 'cors');
  await openLanding(page, link);
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(callback.callbackUrl)),
    page.getByRole('button', { name: 'Continue' }).click(),
  ]);
  const code = new URL(page.url()).searchParams.get('code')!;

  const browserFetch = (p: Page, path: string, init: { method: string; body?: unknown }) =>
    p.evaluate(
      async ({ url, method, body }) => {
        try {
          const res = await fetch(url, {
            method,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
          return { ok: true as const, status: res.status, data: await res.json().catch(() => null) };
        } catch (error) {
          return { ok: false as const, error: String(error) };
        }
      },
      { url: `${appUrl}${path}`, method: init.method, body: init.body },
    );

  // Another site in the same browser cannot use the code (its Origin is not allowed).
  const stranger = await page.context().newPage();
  await stranger.goto(`${otherSite.origin}/callback`);
  const blocked = await browserFetch(stranger, '/api/challenge/verify', {
    method: 'POST',
    body: { challengeCode: code, projectId: project.id, clientToken: project.clientToken },
  });
  expect(blocked.ok, JSON.stringify(blocked)).toBe(false);
  await stranger.close();

  // The project's own origin can (a JSON POST: preflight, then the request).
  const verified = await browserFetch(page, '/api/challenge/verify', {
    method: 'POST',
    body: { challengeCode: code, projectId: project.id, clientToken: project.clientToken },
  });
  expect(verified, JSON.stringify(verified)).toMatchObject({ ok: true, status: 200, data: { status: 'verified' } });
  const sessionCode = (verified as { data: { session: { code: string } } }).data.session.code;

  const user = await browserFetch(page, `/api/user?${clientQuery()}&sessionCode=${encodeURIComponent(sessionCode)}`, {
    method: 'GET',
  });
  expect(user).toMatchObject({ ok: true, status: 200, data: { emailAddress: email } });

  // Sign out from the browser, then the session reads as revoked and /user is 403.
  const signOut = await browserFetch(
    page,
    `/api/session?${clientQuery()}&sessionCode=${encodeURIComponent(sessionCode)}`,
    { method: 'DELETE' },
  );
  expect(signOut, JSON.stringify(signOut)).toMatchObject({ ok: true, status: 204 });
  const session = await api(
    appUrl,
    'GET',
    `/api/session?${clientQuery()}&sessionCode=${encodeURIComponent(sessionCode)}`,
  );
  expect(session.data).toMatchObject({ status: 'revoked' });
  expect(
    (await api(appUrl, 'GET', `/api/user?${clientQuery()}&sessionCode=${encodeURIComponent(sessionCode)}`)).status,
  ).toBe(403);
});

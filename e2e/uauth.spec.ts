// The UAuth hosted login page in a real browser, for each policy: the app's server asks
// for a hosted login -> the browser opens getSessionUrl -> types the address ->
// "Check your email" -> dev mailbox link -> landing page -> Continue -> the workflow's
// clientRedirectUrl with code, sessionId and state -> verify -> the session is completed.
// Plus: sign_in with an unknown address (same page, no email), the form with JavaScript
// off, a phone-sized viewport, keyboard use, and the error pages (unknown, expired,
// completed). Screenshots are kept in test-results/.
// axe-core (@axe-core/playwright) checks the form, its error, "check your email", the
// landing page and the error pages for serious accessibility violations.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContextOptions, expect, type Page, type TestInfo, test } from '@playwright/test';
import { api, codeOfLink, randomEmail, sendChallenge, setupProject, verifyChallenge } from '../test/support/api';
import { createWorkflow, startHostedLogin } from '../test/support/hosted';
import { connect } from '../test/support/postgres';
import { expectAccessible, landingLinks, newestLandingLink } from './support';

const appUrl = process.env.UAUTH_URL ?? '';
const appEnv: Record<string, string> = JSON.parse(process.env.UAUTH_APP_ENV ?? '{}');

/** A tiny stand-in for the developer's app: serves /uauth/return and records its hits. */
type ClientServer = {
  origin: string;
  returnUrl: string;
  hits: Array<URL & { referer?: string }>;
  close: () => Promise<void>;
};

async function startClientServer(): Promise<ClientServer> {
  const hits: Array<URL & { referer?: string }> = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/uauth/return') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    hits.push(Object.assign(url, { referer: req.headers.referer }));
    const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    const field = (name: string) => escapeHtml(url.searchParams.get(name) ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><meta charset="utf-8"><title>Example app</title>` +
        `<h1>Welcome back to the example app</h1>` +
        `<p>code: <code id="code">${field('code')}</code></p>` +
        `<p>sessionId: <code id="sessionId">${field('sessionId')}</code></p>` +
        `<p>state: <code id="state">${field('state')}</code></p>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    returnUrl: `${origin}/uauth/return`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Policy = 'sign_up_sign_in' | 'sign_in' | 'sign_up';
type Project = { id: string; name: string; clientToken: string; allowedOrigin: string };

let client: ClientServer;
let secretToken: string;
let project: Project;
let sql: ReturnType<typeof connect>;
const workflowKeys = {} as Record<Policy, string>;
const projectName = `Rocket Club ${Math.random().toString(36).slice(2, 7)}`;

test.beforeAll(async () => {
  expect(appUrl, 'UAUTH_URL is set by e2e/global-setup.ts').toMatch(/^http:\/\//);
  client = await startClientServer();
  ({ secretToken, project } = await setupProject(
    { url: appUrl, env: appEnv },
    { name: projectName, allowedOrigin: client.origin, redirectUrl: `${client.origin}/callback` },
  ));
  for (const policyId of ['sign_up_sign_in', 'sign_in', 'sign_up'] as const) {
    const workflow = await createWorkflow(appUrl, secretToken, project, {
      policyId,
      clientRedirectUrl: client.returnUrl,
      name: `e2e ${policyId}`,
    });
    workflowKeys[policyId] = workflow.workflowKey;
  }
  sql = connect(appEnv.DATABASE_URL!);
});

test.afterAll(async () => {
  await sql?.end();
  await client?.close();
});

// ---------------------------------------------------------------- helpers

/** What the app's server does: POST /api/uauth/session with the organization key. */
async function newSession(policy: Policy, state?: string): Promise<{ url: string; sessionId: string }> {
  const session = await startHostedLogin(appUrl, secretToken, workflowKeys[policy], state);
  expect(session.url).toMatch(new RegExp(`^${appUrl.replace(/[.]/g, '\\.')}/uauth\\?sessionId=[0-9a-f]{32}$`));
  return session;
}

const mailboxLinks = (email: string) => landingLinks(appUrl, email);
/** The newest landing link for an address (polls the dev mailbox briefly). */
const latestLink = (email: string) => newestLandingLink(appUrl, email);
const verify = (code: string) => verifyChallenge(appUrl, project, code);

/** A known user of the project, made by a plain REST send + verify. */
async function makeUser(email: string) {
  const sent = await sendChallenge(appUrl, project, email);
  expect(sent.status, sent.text).toBe(201);
  const link = await latestLink(email);
  const verified = await verify(codeOfLink(link));
  expect(verified.status, verified.text).toBe(200);
  return verified.data.user as { emailAddress: string; userHash: string };
}

/**
 * Collects script errors, console errors (a CSP violation shows up there) and failed
 * requests to the app.
 */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A failed request is logged as "Failed to load resource"; its URL is recorded below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().startsWith(appUrl))
      errors.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return errors;
}

async function openHosted(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response, 'navigation response').not.toBeNull();
  expect(response!.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: `Sign in to ${projectName}` })).toBeVisible();
  return response!;
}

async function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * The whole hosted flow in one browser page, from getSessionUrl to the client's return
 * page; returns the code, sessionId and state the client received.
 */
async function hostedFlow(page: Page, testInfo: TestInfo, policy: Policy, email: string, state: string, tag: string) {
  const { url, sessionId } = await newSession(policy, state);
  await openHosted(page, url);

  const input = page.getByLabel('Email address');
  await expect(input).toBeVisible();
  await expect(input).toHaveAttribute('type', 'email');
  await input.fill(email);
  await shot(page, testInfo, `${tag}-1-form`);
  const submit = page.getByRole('button', { name: /sign-in link|continue|sign in|send/i });
  await expect(submit).toHaveCount(1);
  // A form post and a redirect: quick, so a short wait (an error page never gets there).
  await Promise.all([page.waitForURL((u) => u.searchParams.get('sent') === '1', { timeout: 10_000 }), submit.click()]);

  await expect(page.getByRole('heading', { name: /check your email/i })).toBeVisible();
  await expect(page.getByText(email.trim().toLowerCase())).toBeVisible();
  expect(page.url(), 'the address is not put in the URL').not.toContain(encodeURIComponent(email.trim().toLowerCase()));
  expect(page.url()).not.toContain(email.trim().toLowerCase());
  await shot(page, testInfo, `${tag}-2-check-email`);

  const link = await latestLink(email.trim().toLowerCase());
  const landing = await page.goto(link);
  expect(landing!.status()).toBe(200);
  expect(page.url(), 'a GET on the landing page does not redirect').toBe(link);
  await expect(page.getByText(projectName).first()).toBeVisible();
  expect(
    client.hits.some((h) => h.searchParams.get('sessionId') === sessionId),
    'opening the link does not reach the client',
  ).toBe(false);
  await shot(page, testInfo, `${tag}-3-landing`);

  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(client.returnUrl)),
    page.getByRole('button', { name: 'Continue' }).click(),
  ]);
  await expect(page.getByRole('heading', { name: 'Welcome back to the example app' })).toBeVisible();
  const landed = new URL(page.url());
  expect(`${landed.origin}${landed.pathname}`).toBe(client.returnUrl);
  const code = landed.searchParams.get('code') ?? '';
  expect(code).toMatch(/^[A-Za-z0-9_-]{22,}$/);
  expect(link).toBe(`${appUrl}/l/${code}`);
  expect(landed.searchParams.get('sessionId')).toBe(sessionId);
  expect(landed.searchParams.get('state')).toBe(state);
  expect(client.hits.at(-1)?.searchParams.get('code')).toBe(code);
  expect(client.hits.at(-1)?.referer, 'no Referer (the code is in the URL) reaches the client').toBeUndefined();
  await shot(page, testInfo, `${tag}-4-client-return`);

  return { url, sessionId, code };
}

async function expectCompletedPage(page: Page, url: string, testInfo: TestInfo, tag: string) {
  const response = await page.goto(url);
  expect(response!.status()).toBe(410);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/already signed in|completed/i);
  await expect(page.getByText(projectName).first()).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(/at .*\.js:\d+|Error:/);
  await shot(page, testInfo, `${tag}-5-completed`);
}

// ---------------------------------------------------------------- each policy

const policyCases: Array<{ policy: Policy; title: string; existingUser: boolean }> = [
  { policy: 'sign_up_sign_in', title: 'sign_up_sign_in with a new address', existingUser: false },
  { policy: 'sign_in', title: 'sign_in with an existing user', existingUser: true },
  { policy: 'sign_up', title: 'sign_up with a new address', existingUser: false },
  { policy: 'sign_up', title: 'sign_up with an existing user (simply signs in)', existingUser: true },
];

for (const { policy, title, existingUser } of policyCases) {
  test(`${title}: getSessionUrl -> email -> link -> Continue -> clientRedirectUrl -> verify -> completed`, async ({
    page,
  }, testInfo) => {
    const errors = watchErrors(page);
    const email = randomEmail(`e2e-${policy.replace(/_/g, '')}`);
    const user = existingUser ? await makeUser(email) : undefined;
    const state = `st-${crypto.randomUUID()} a&b=c/é?`;
    const tag = `${policy}${existingUser ? '-existing' : ''}`;

    const { url, sessionId, code } = await hostedFlow(page, testInfo, policy, email, state, tag);

    const pending = await api(appUrl, 'GET', `/api/uauth/session/${sessionId}`, {
      headers: { 'x-upid-organization-key': secretToken },
    });
    expect(pending.status, pending.text).toBe(200);
    expect(pending.data).toMatchObject({
      workflowKey: workflowKeys[policy],
      policyId: policy,
      clientRedirectUrl: client.returnUrl,
    });

    // The app's server verifies the code as usual.
    const verified = await verify(code);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data).toMatchObject({
      status: 'verified',
      user: { emailAddress: email },
      session: { status: 'active' },
    });
    if (user) expect(verified.data.user.userHash).toBe(user.userHash);

    // The session is now completed: reopening getSessionUrl says so (and answers 410).
    await expectCompletedPage(page, url, testInfo, tag);
    const unexpected = errors.filter((e) => e !== `HTTP 410 GET ${url}`);
    expect(unexpected, unexpected.join('\n')).toEqual([]);
  });
}

test('sign_in with an unknown address: the same "Check your email" page, and no email', async ({ page }, testInfo) => {
  const known = randomEmail('known');
  await makeUser(known);
  const unknown = randomEmail('unknown');

  const texts: string[] = [];
  for (const email of [known, unknown]) {
    const { url } = await newSession('sign_in', 'x');
    await openHosted(page, url);
    await page.getByLabel('Email address').fill(email);
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get('sent') === '1'),
      page.getByRole('button', { name: /sign-in link|continue|sign in|send/i }).click(),
    ]);
    await expect(page.getByRole('heading', { name: /check your email/i })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    texts.push((await page.locator('main').innerText()).replaceAll(email, 'EMAIL'));
  }
  expect(texts[1], 'the page must not reveal whether the address is a user').toBe(texts[0]);
  await shot(page, testInfo, 'sign_in-unknown-check-email');

  // Give a late email every chance to show up, then check there is none.
  await page.waitForTimeout(1_000);
  expect(await mailboxLinks(unknown)).toEqual([]);
  expect(await mailboxLinks(known)).toHaveLength(2); // makeUser's and the hosted one
});

// ---------------------------------------------------------------- no JavaScript

async function withContext<T>(
  browser: Browser,
  options: BrowserContextOptions,
  fn: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext(options);
  try {
    return await fn(await context.newPage());
  } finally {
    await context.close();
  }
}

// Without JavaScript the form is a plain POST to /uauth/submit, answered 303.

test('with JavaScript disabled, the whole hosted flow still works (sign_up_sign_in)', async ({ browser }, testInfo) => {
  await withContext(browser, { javaScriptEnabled: false }, async (page) => {
    const email = randomEmail('nojs');
    const state = 'no-js';
    const { url, code } = await hostedFlow(page, testInfo, 'sign_up_sign_in', email, state, 'nojs');
    const verified = await verify(code);
    expect(verified.status, verified.text).toBe(200);
    await expectCompletedPage(page, url, testInfo, 'nojs');
  });
});

test('with JavaScript disabled: an invalid address shows an error tied to the field', async ({ browser }, testInfo) => {
  await withContext(browser, { javaScriptEnabled: false }, async (page) => {
    const { url } = await newSession('sign_up_sign_in');
    await openHosted(page, url);
    await page.getByLabel('Email address').fill('not an email');
    await Promise.all([
      page.waitForURL((u) => u.searchParams.has('error'), { timeout: 10_000 }),
      page.getByRole('button', { name: /sign-in link|continue|sign in|send/i }).click(),
    ]);
    const input = page.getByLabel('Email address');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toHaveAccessibleDescription(/valid email/i);
    await expect(page.getByRole('alert')).toContainText(/valid email/i);
    await shot(page, testInfo, 'nojs-invalid-email');
  });
});

// An unknown session shows a server-rendered page, readable without JavaScript.
test('with JavaScript disabled: an unknown session shows a readable page', async ({ browser }, testInfo) => {
  await withContext(browser, { javaScriptEnabled: false }, async (page) => {
    const response = await page.goto(`${appUrl}/uauth?sessionId=${'0'.repeat(32)}`);
    expect(response!.status()).toBe(404);
    await expect(page.locator('body')).toContainText(/does not exist/i);
    await shot(page, testInfo, 'nojs-unknown-session');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 2_000 });
  });
});

// ---------------------------------------------------------------- phone, keyboard

test('phone-sized viewport (375x667): the form fits and works by touch', async ({ browser }, testInfo) => {
  await withContext(
    browser,
    { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    async (page) => {
      const { url, sessionId } = await newSession('sign_up_sign_in', 'phone');
      await openHosted(page, url);
      const input = page.getByLabel('Email address');
      const button = page.getByRole('button', { name: /sign-in link|continue|sign in|send/i });
      await expect(input).toBeInViewport();
      await expect(button).toBeInViewport();

      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, 'nothing is wider than the screen').toBeLessThanOrEqual(375);
      for (const locator of [input, button]) {
        const box = await locator.boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(375);
        expect(box!.height, 'comfortably tappable').toBeGreaterThanOrEqual(40);
      }
      await shot(page, testInfo, 'hosted-phone-375x667');

      const email = randomEmail('phone');
      await input.tap();
      await input.fill(email);
      await Promise.all([page.waitForURL((u) => u.searchParams.get('sent') === '1'), button.tap()]);
      await expect(page.getByRole('heading', { name: /check your email/i })).toBeVisible();
      await expect(page.getByText(email)).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await shot(page, testInfo, 'hosted-phone-check-email-375x667');

      const link = await latestLink(email);
      await page.goto(link);
      await Promise.all([
        page.waitForURL((u) => u.href.startsWith(client.returnUrl)),
        page.getByRole('button', { name: 'Continue' }).tap(),
      ]);
      expect(new URL(page.url()).searchParams.get('sessionId')).toBe(sessionId);
      expect(new URL(page.url()).searchParams.get('state')).toBe('phone');
    },
  );
});

test('keyboard only: the email field has focus, Tab reaches the button, Enter submits', async ({ page }, testInfo) => {
  const { url } = await newSession('sign_up_sign_in');
  await openHosted(page, url);
  const input = page.getByLabel('Email address');
  await expect(input).toBeFocused();
  const email = randomEmail('keyboard');
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: /sign-in link|continue|sign in|send/i })).toBeFocused();
  await Promise.all([page.waitForURL((u) => u.searchParams.get('sent') === '1'), page.keyboard.press('Enter')]);
  await expect(page.getByRole('heading', { name: /check your email/i })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  await shot(page, testInfo, 'keyboard-check-email');
});

test('"Check your email": send again emails a new link; "use another address" goes back to the form', async ({
  page,
}, testInfo) => {
  const { url } = await newSession('sign_up_sign_in');
  await openHosted(page, url);
  const email = randomEmail('again');
  await page.getByLabel('Email address').fill(email);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('sent') === '1'),
    page.getByRole('button', { name: /sign-in link|continue|sign in|send/i }).click(),
  ]);
  await expect(page.getByRole('heading', { name: /check your email/i })).toBeVisible();
  await latestLink(email);

  await page.getByRole('button', { name: /again|resend/i }).click();
  await expect(page.getByRole('heading', { name: /check your email/i })).toBeVisible();
  await expect.poll(async () => (await mailboxLinks(email)).length).toBe(2);
  await shot(page, testInfo, 'resent');

  await page.getByRole('link', { name: /another (email )?address/i }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Sign in to ${projectName}` })).toBeVisible();
  const other = randomEmail('other');
  await page.getByLabel('Email address').fill(other);
  await Promise.all([
    page.waitForURL((u) => u.searchParams.get('sent') === '1'),
    page.getByRole('button', { name: /sign-in link|continue|sign in|send/i }).click(),
  ]);
  await expect(page.getByText(other)).toBeVisible();
  await latestLink(other);
});

// ---------------------------------------------------------------- error pages

test('an unknown session shows a clear page, never a stack trace', async ({ page }, testInfo) => {
  for (const query of [`sessionId=${'0'.repeat(32)}`, 'sessionId=not-a-session', '']) {
    const response = await page.goto(`${appUrl}/uauth?${query}`);
    expect(response!.status(), query).toBe(404);
    await expect(page.locator('body')).toContainText(/does not exist/i);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByLabel('Email address')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(/at .*\.js:\d+|Error:/);
  }
  await shot(page, testInfo, 'unknown-session');
});

test('an expired session shows a clear page saying so, with no form', async ({ page }, testInfo) => {
  const { url, sessionId } = await newSession('sign_up_sign_in');
  await sql`update hosted_logins set expires_at = now() - interval '1 second' where id = ${sessionId}`;
  const response = await page.goto(url);
  expect(response!.status()).toBe(410);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/expired/i);
  await expect(page.getByText(projectName).first()).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(/at .*\.js:\d+|Error:/);
  await shot(page, testInfo, 'expired-session');
});

test('the hosted page cannot be framed and sends no referrer', async ({ page }) => {
  const { url } = await newSession('sign_up_sign_in');
  const response = await openHosted(page, url);
  const headers = await response.allHeaders();
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(headers['referrer-policy']).toBe('no-referrer');

  // A page on the client's origin that tries to frame it: the frame stays empty.
  await page.goto(`${client.origin}/uauth/return`);
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    frame.id = 'victim';
    document.body.append(frame);
  }, url);
  await page.waitForTimeout(1_000);
  const frame = page.frames().find((f) => f.url().startsWith(`${appUrl}/uauth`));
  const framedText = frame
    ? await frame
        .locator('body')
        .innerText()
        .catch(() => '')
    : '';
  expect(framedText).not.toContain(projectName);
});

// ---------------------------------------------------------------- accessibility

test('axe-core finds no serious violations on the form, its error, "check your email", the landing and the error pages', async ({
  page,
}) => {
  const errors = watchErrors(page);
  const { url, sessionId } = await newSession('sign_up_sign_in');
  await openHosted(page, url);
  await expectAccessible(page, 'hosted form');

  await page.getByLabel('Email address').fill('not an address');
  await page.getByRole('button', { name: /email me/i }).click();
  await expect(page.locator('#email-error')).toBeVisible();
  await expectAccessible(page, 'hosted form with an error');

  const email = randomEmail('axe');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: /email me/i }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
  await expectAccessible(page, 'check your email');

  await page.goto(await latestLink(email));
  await expect(page.getByRole('button', { name: /continue/i })).toBeVisible();
  await expectAccessible(page, 'landing page');

  await page.goto(`${appUrl}/uauth?sessionId=${'0'.repeat(32)}`);
  await expectAccessible(page, 'unknown session page');
  await sql`update hosted_logins set expires_at = now() - interval '1 second' where id = ${sessionId}`;
  await page.goto(url);
  await expectAccessible(page, 'expired session page');
  // the error pages answer 404/410 on purpose; nothing else may fail, and no CSP violation
  expect(errors.filter((e) => !/HTTP 40[4]|HTTP 410|HTTP 400/.test(e))).toEqual([]);
});

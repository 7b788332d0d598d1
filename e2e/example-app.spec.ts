// The example app (examples/next-app) against the real UAuth started by global-setup:
// build it against the packed @uauth/client (npm pack of packages/client, unpacked into the
// example's node_modules the way npm installs it, so its imports go through the package's
// exports map), start it with a fresh project and workflow, then sign in both ways in a real
// browser — (a) the app's own email form (browser → sendChallenge, CORS) and (b) "Sign in
// with UAuth" (hosted page) — through the dev mailbox, the landing page's Continue, the
// callback (completeSignIn: verify + HttpOnly cookies), the protected page (uauthProxy,
// getSession), revocation and sign-out; and the renewal of the access token cookie by the
// proxy and by getSession in a route handler.
// EXAMPLE_SKIP_BUILD=1 reuses an existing examples/next-app/.next build (and its node_modules).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { createBrowserClient, verifyAccessToken } from '@uauth/client';
import { createOrganization, createProject, randomEmail } from '../test/support/api';
import { freePort, root, stopProcess } from '../test/support/app-server';
import { packClient, unpackClientInto } from '../test/support/client-package';
import { createWorkflow } from '../test/support/hosted';
import { newestLandingLink } from './support';

const appUrl = process.env.UAUTH_URL ?? '';
const appEnv: Record<string, string> = JSON.parse(process.env.UAUTH_APP_ENV ?? '{}');
const exampleDir = path.join(root, 'examples/next-app');
const nextBin = path.join(root, 'node_modules/next/dist/bin/next');

let example: ChildProcess | undefined;
let exampleUrl = '';
let exampleLogs = () => '';
let exampleEnv: Record<string, string> = {};
let project: { id: string; clientToken: string; allowedOrigin: string };

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  expect(appUrl, 'UAUTH_URL is set by e2e/global-setup.ts').toMatch(/^http:\/\//);

  if (process.env.EXAMPLE_SKIP_BUILD !== '1') {
    unpackClientInto(packClient().tarball, exampleDir);
    const build = spawnSync(process.execPath, [nextBin, 'build'], {
      cwd: exampleDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(build.status, `example build failed:\n${build.stdout}\n${build.stderr}`).toBe(0);
  }

  // What `npm run setup` does: an organization's project and workflow for the example's origin.
  const port = await freePort();
  exampleUrl = `http://127.0.0.1:${port}`;
  const { secretToken } = await createOrganization({ env: appEnv }, { name: 'Example Org' });
  project = await createProject(appUrl, secretToken, {
    name: 'Example app',
    allowedOrigin: exampleUrl,
    redirectUrl: `${exampleUrl}/auth/callback`,
  });
  const workflow = await createWorkflow(appUrl, secretToken, project, {
    clientRedirectUrl: `${exampleUrl}/auth/callback`,
  });

  exampleEnv = {
    UAUTH_URL: appUrl,
    UAUTH_PROJECT_ID: project.id,
    UAUTH_CLIENT_TOKEN: project.clientToken,
    UAUTH_WORKFLOW_KEY: workflow.workflowKey,
    UAUTH_SECRET_KEY: secretToken,
  };
  const started = await startExample(port, exampleEnv);
  example = started.child;
  exampleLogs = started.logs;
});

/** `next start` of the built example on a port, with these UAUTH_* variables; resolves once it answers. */
async function startExample(port: number, env: Record<string, string>) {
  let logs = '';
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: exampleDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (logs += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (logs += d.toString()));
  await expect
    .poll(
      async () => {
        expect(child.exitCode, logs).toBeNull();
        return fetch(`http://127.0.0.1:${port}`).then(
          (r) => r.status,
          () => 0,
        );
      },
      { timeout: 60_000 },
    )
    .toBe(200);
  return { child, logs: () => logs };
}

test.afterAll(async () => {
  if (example) await stopProcess(example);
  if (process.env.UAUTH_E2E_LOGS === '1') console.log(exampleLogs());
});

/** Opens the link, presses Continue, and expects to land on the example's account page. */
async function followLink(page: Page, email: string) {
  await page.goto(await newestLandingLink(appUrl, email));
  await Promise.all([page.waitForURL(`${exampleUrl}/account`), page.getByRole('button', { name: 'Continue' }).click()]);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expect(page.getByTestId('email')).toHaveText(email);
}

async function sessionCookie(page: Page) {
  return (await page.context().cookies(exampleUrl)).find((c) => c.name === 'uauth_session');
}

async function accessCookie(page: Page) {
  return (await page.context().cookies(exampleUrl)).find((c) => c.name === 'uauth_access');
}

/** Signs in through the example's own form; answers the session cookie's value. */
async function signInWithForm(page: Page, email: string): Promise<string> {
  await page.goto(exampleUrl);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('status')).toContainText(`Check your email: we sent a sign-in link to ${email}`);
  await followLink(page, email);
  return (await sessionCookie(page))?.value ?? '';
}

const client = () => createBrowserClient({ baseUrl: appUrl, projectId: project.id, clientToken: project.clientToken });
const verify = (token: string) => verifyAccessToken(token, { baseUrl: appUrl, projectId: project.id });

test('(a) own email form → link → callback → account → sign out', async ({ page }, testInfo) => {
  const email = randomEmail('example-form');
  await page.goto(exampleUrl);
  await expect(page.getByRole('heading', { name: 'Example app' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('status')).toContainText(`Check your email: we sent a sign-in link to ${email}`);

  await followLink(page, email);
  await page.screenshot({ path: testInfo.outputPath('example-account.png') });
  const cookie = await sessionCookie(page);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Lax');
  expect(await page.evaluate(() => document.cookie)).not.toContain('uauth_session');
  // the access token beside it: HttpOnly too, and a valid token of this user
  const access = await accessCookie(page);
  expect(access).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('uauth_access');
  expect(await verify(access?.value ?? '')).toMatchObject({ email });

  // The session is live at UAuth.
  const uauth = createBrowserClient({ baseUrl: appUrl, projectId: project.id, clientToken: project.clientToken });
  expect(await uauth.getSession(cookie?.value ?? '')).toMatchObject({ status: 'active' });

  await Promise.all([
    page.waitForURL(`${exampleUrl}/?message=signed-out`),
    page.getByRole('button', { name: 'Sign out' }).click(),
  ]);
  await expect(page.getByText('You are signed out.')).toBeVisible();
  expect(await sessionCookie(page)).toBeUndefined();
  expect(await uauth.getSession(cookie?.value ?? '')).toMatchObject({ status: 'revoked' });

  expect(await accessCookie(page)).toBeUndefined();

  // The protected page now sends the user home.
  await page.goto(`${exampleUrl}/account`);
  await expect(page).toHaveURL(`${exampleUrl}/`);
});

test('(b) "Sign in with UAuth" → hosted page → link → callback → account; revoked elsewhere → signed out', async ({
  page,
}) => {
  const email = randomEmail('example-hosted');
  await page.goto(exampleUrl);
  await Promise.all([
    page.waitForURL((url) => url.href.startsWith(`${appUrl}/uauth?sessionId=`)),
    page.getByRole('button', { name: 'Sign in with UAuth' }).click(),
  ]);
  await expect(page.getByRole('heading', { name: 'Sign in to Example app' })).toBeVisible();
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  await followLink(page, email);
  const cookie = await sessionCookie(page);
  expect(cookie?.httpOnly).toBe(true);

  // Revoked at UAuth (another device signed out, say): the next page load says so and clears the cookie.
  const uauth = createBrowserClient({ baseUrl: appUrl, projectId: project.id, clientToken: project.clientToken });
  await uauth.signOut(cookie?.value ?? '');
  await page.goto(`${exampleUrl}/account`);
  await expect(page).toHaveURL(`${exampleUrl}/?message=expired`);
  await expect(page.getByText('Your session has ended. Sign in again.')).toBeVisible();
  expect(await sessionCookie(page)).toBeUndefined();
});

test('a callback without the matching state cookie signs nobody in', async ({ page }) => {
  await page.goto(`${exampleUrl}/auth/callback?code=whatever&state=forged`);
  await expect(page).toHaveURL(`${exampleUrl}/?message=bad-state`);
  expect(await sessionCookie(page)).toBeUndefined();
});

test('the proxy renews a missing or altered access token with the session code; a revoked session is sent home', async ({
  page,
}) => {
  const email = randomEmail('example-proxy');
  const sessionCode = await signInWithForm(page, email);
  const first = await accessCookie(page);
  const { sid } = await verify(first?.value ?? '');

  // no access token: the proxy refreshes it before the page renders, and sets the cookie
  await page.context().clearCookies({ name: 'uauth_access' });
  await page.goto(`${exampleUrl}/account`);
  await expect(page.getByTestId('email')).toHaveText(email);
  const renewed = await accessCookie(page);
  expect(renewed).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(await verify(renewed?.value ?? '')).toMatchObject({ email, sid });

  // an altered token: the same
  const [header, payload, signature] = (renewed?.value ?? '').split('.');
  const forged = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), email: 'mallory@example.com' }),
  ).toString('base64url');
  await page
    .context()
    .addCookies([{ name: 'uauth_access', value: `${header}.${forged}.${signature}`, url: exampleUrl }]);
  await page.goto(`${exampleUrl}/account`);
  await expect(page.getByTestId('email')).toHaveText(email);
  expect(await verify((await accessCookie(page))?.value ?? '')).toMatchObject({ email, sid });

  // revoked, with a token that no longer verifies: the proxy itself redirects and clears both cookies
  await client().signOut(sessionCode);
  await page.context().addCookies([{ name: 'uauth_access', value: 'not.a.token', url: exampleUrl }]);
  await page.goto(`${exampleUrl}/account`);
  await expect(page).toHaveURL(`${exampleUrl}/`);
  expect(await sessionCookie(page)).toBeUndefined();
  expect(await accessCookie(page)).toBeUndefined();
});

test('getSession() in a route handler renews the access token cookie (Secure on https), and answers null once revoked', async ({
  page,
}) => {
  const email = randomEmail('example-route');
  const sessionCode = await signInWithForm(page, email);
  const { sid } = await verify((await accessCookie(page))?.value ?? '');

  const valid = await page.request.get(`${exampleUrl}/api/me`);
  expect(valid.status()).toBe(200);
  expect(await valid.json()).toMatchObject({ signedIn: true, email, sessionId: sid });
  expect(valid.headers()['set-cookie']).toBeUndefined(); // a valid token: nothing to renew

  await page.context().clearCookies({ name: 'uauth_access' });
  const renewed = await page.request.get(`${exampleUrl}/api/me`);
  expect(renewed.status()).toBe(200);
  expect(await renewed.json()).toMatchObject({ signedIn: true, email, sessionId: sid });
  const setCookie = renewed.headers()['set-cookie'] ?? '';
  expect(setCookie).toMatch(/uauth_access=[\w-]+\.[\w-]+\.[\w-]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=lax/);
  expect(setCookie).not.toMatch(/Secure/);
  expect(await verify((await accessCookie(page))?.value ?? '')).toMatchObject({ email, sid });

  // behind a proxy that terminates TLS (x-forwarded-proto: https) the cookies are Secure
  const overHttps = await page.request.get(`${exampleUrl}/api/me`, {
    headers: { 'x-forwarded-proto': 'https', cookie: `uauth_session=${sessionCode}` },
  });
  expect(overHttps.status()).toBe(200);
  expect(overHttps.headers()['set-cookie']).toMatch(/uauth_access=[^;]+;[^\n]*Secure/);

  await client().signOut(sessionCode);
  await page.context().clearCookies({ name: 'uauth_access' });
  const revoked = await page.request.get(`${exampleUrl}/api/me`);
  expect(revoked.status()).toBe(401);
  expect(revoked.headers()['set-cookie']).toMatch(/uauth_session=;/);
  expect(await sessionCookie(page)).toBeUndefined();
});

test('UAuth unreachable: the proxy answers 503 and keeps the cookies and the session', async ({ page }) => {
  const sessionCode = await signInWithForm(page, randomEmail('example-down'));
  const access = (await accessCookie(page))?.value ?? '';
  // the same build, started with a UAUTH_URL where nothing listens
  const port = await freePort();
  const down = await startExample(port, { ...exampleEnv, UAUTH_URL: 'http://127.0.0.1:9' });
  try {
    for (const token of [access, 'not.a.token']) {
      const res = await fetch(`http://127.0.0.1:${port}/account`, {
        headers: { cookie: `uauth_session=${sessionCode}; uauth_access=${token}` },
        redirect: 'manual',
      });
      expect(res.status, down.logs()).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(await res.text()).toMatch(/unavailable/);
    }
  } finally {
    await stopProcess(down.child);
  }
  expect(await client().getSession(sessionCode)).toMatchObject({ status: 'active' });
});

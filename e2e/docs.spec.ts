// The API reference at /docs in a real browser, offline: every request that would leave
// this machine is blocked and recorded, and the page must still list the endpoints
// (rendered from /api/openapi.json) without a Content-Security-Policy violation.
import { expect, type Page, test } from '@playwright/test';

const appUrl = process.env.UAUTH_URL ?? '';
const appOrigin = new URL(appUrl || 'http://localhost').origin;

/** Blocks every request that would leave this machine; returns the list of those it blocked. */
async function offline(page: Page): Promise<string[]> {
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(appOrigin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort('internetdisconnected');
  });
  return outside;
}

test('/docs renders the API reference from /api/openapi.json, offline and within the CSP', async ({
  page,
}, testInfo) => {
  const outside = await offline(page);
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));

  const documentLoaded = page.waitForResponse((r) => r.url() === `${appOrigin}/api/openapi.json` && r.status() === 200);
  const response = await page.goto(`${appUrl}/docs`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await documentLoaded;

  await expect(page.getByRole('heading', { name: 'UAuth API', exact: false }).first()).toBeVisible();
  for (const summary of [
    'Create a project',
    'Email a magic link',
    'Trade a challenge code for a session',
    "Check a session's status",
    'Start a hosted-login session',
  ]) {
    await expect(page.getByText(summary, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByText('/challenge/send').first()).toBeAttached();
  await page.screenshot({ path: testInfo.outputPath('docs.png') });

  expect(cspViolations, 'CSP violations').toEqual([]);
  expect(pageErrors, 'page errors').toEqual([]);
  expect(outside, 'requests that would need the network').toEqual([]);
});

test('/docs: try an endpoint from the page (same origin, offline)', async ({ page }) => {
  const outside = await offline(page);
  await page.goto(`${appUrl}/docs#tag/development/GET/dev/mailbox`);
  const open = page.getByRole('button', { name: /Test Request.*get \/dev\/mailbox/ });
  await expect(open).toBeVisible({ timeout: 30_000 });
  // Scalar's button opens a modal and keeps the click "pending"; do not wait on it.
  await open.click({ noWaitAfter: true, timeout: 5_000 }).catch(() => {});
  await expect(page.getByText('Send Request').filter({ visible: true }).first()).toBeVisible();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().startsWith(`${appOrigin}/api/dev/mailbox`)),
    page.keyboard.press('Control+Enter'),
  ]);
  expect(response.status()).toBe(200);
  await expect(page.getByText('200 OK').first()).toBeVisible();
  expect(outside, 'requests that would need the network').toEqual([]);
});

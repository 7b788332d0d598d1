// The dashboard's cookies behind https: with an https APP_URL (a TLS proxy in front of the
// app), the login-state and session cookies carry Secure. The app itself is reached over
// plain http here; the https URLs it answers with are mapped back to it, and the browser's
// form posts carry the public origin (the login form refuses any other).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { codeOfLink, randomEmail } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { type Cookies, mailboxLinks, request } from '../support/dashboard';

const publicUrl = 'https://uauth.example.test';
let app: AppServer;

beforeAll(async () => {
  app = await startApp({ env: { APP_URL: publicUrl, DEV_MAILBOX: 'on' } });
});
afterAll(async () => {
  await app?.stop();
});

const local = (url: string) => url.replace(publicUrl, app.url);

it('sets Secure on the login-state and dashboard cookies', async () => {
  const email = randomEmail('https-dev');
  const jar: Cookies = new Map();
  const submitted = await request(app.url, jar, 'POST', '/login/submit', new URLSearchParams({ email }), {
    origin: publicUrl,
  });
  expect(submitted.status).toBe(303);
  expect(submitted.location).toBe(`${publicUrl}/login?sent=1`);
  const state = submitted.setCookies.find((c) => c.startsWith('uauth_login_state='));
  expect(state).toMatch(/;\s*Secure/i);
  expect(state).toMatch(/;\s*HttpOnly/i);

  const link = (await mailboxLinks(app.url, email)).find((l) => l.startsWith(`${publicUrl}/l/`)) ?? '';
  const code = codeOfLink(link);
  const cont = await request(app.url, jar, 'POST', '/l/continue', new URLSearchParams({ code }));
  expect(cont.location).toMatch(new RegExp(`^${publicUrl}/login/callback\\?`));
  const callback = await request(app.url, jar, 'GET', local(cont.location ?? ''));
  expect(callback.status).toBe(303);
  expect(callback.location).toBe(`${publicUrl}/dashboard`);
  const session = callback.setCookies.find((c) => c.startsWith('uauth_dashboard='));
  expect(session).toMatch(/;\s*Secure/i);
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(session).toMatch(/;\s*SameSite=Lax/i);
});

// What the http.Server hook (lib/http/server-hooks.ts) adds to every request:
// - Strict-Transport-Security on every response when APP_URL is https — API answers,
//   pages, static files, Next's own 404s and redirects — and never with an http APP_URL;
// - one warning per process when requests evidently come through a proxy (here: loopback
//   with X-Forwarded-For) while TRUST_PROXY is unset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppServer, startApp } from '../support/app-server';

const HSTS = 'max-age=31536000';

/** One response of each kind, fetched from the app. */
async function responses(app: AppServer): Promise<Record<string, Response>> {
  const get = (path: string, init: RequestInit = {}) => fetch(`${app.url}${path}`, { redirect: 'manual', ...init });
  const page = await get('/login');
  const html = await page.text();
  const script = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
  expect(script, 'a static script in the page').toBeTruthy();
  const result: Record<string, Response> = {
    'API (401)': await get('/api/projects'),
    'API (200)': await get('/api/openapi.json'),
    'API 404': await get('/api/no-such-route'),
    page,
    'static file': await get(script ?? ''),
    'page 404 (Next)': await get('/no-such-page'),
    'redirect (Next, trailing slash)': await get('/login/'),
    'redirect (form post 303)': await get('/login/submit', {
      method: 'POST',
      // a same-site form post (a cross-site one is refused with 403)
      headers: { 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ email: 'not-an-address' }),
    }),
  };
  for (const res of Object.values(result)) await res.arrayBuffer().catch(() => {});
  return result;
}

describe('APP_URL https (TLS proxy in front; TRUST_PROXY set)', () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startApp({
      env: { APP_URL: 'https://uauth.example.test', DEV_MAILBOX: 'on', TRUST_PROXY: 'x-forwarded-for' },
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('every kind of response carries Strict-Transport-Security', async () => {
    const all = await responses(app);
    const statuses = Object.fromEntries(Object.entries(all).map(([kind, res]) => [kind, res.status]));
    expect(statuses).toEqual({
      'API (401)': 401,
      'API (200)': 200,
      'API 404': 404,
      page: 200,
      'static file': 200,
      'page 404 (Next)': 404,
      'redirect (Next, trailing slash)': 308,
      'redirect (form post 303)': 303,
    });
    for (const [kind, res] of Object.entries(all))
      expect(res.headers.get('strict-transport-security'), kind).toBe(HSTS);
  });

  it('with TRUST_PROXY set, forwarded requests raise no proxy warning', async () => {
    await fetch(`${app.url}/api/projects`, { headers: { 'x-forwarded-for': '203.0.113.7' } });
    await new Promise((r) => setTimeout(r, 200));
    expect(app.logs()).not.toContain('TRUST_PROXY is unset');
  });
});

describe('APP_URL http, TRUST_PROXY unset', () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('no response carries Strict-Transport-Security', async () => {
    const all = await responses(app);
    for (const [kind, res] of Object.entries(all))
      expect(res.headers.get('strict-transport-security'), kind).toBeNull();
  });

  it('direct requests raise no proxy warning; the first forwarded one does, once', async () => {
    const warnings = () => app.logs().split('TRUST_PROXY is unset').length - 1;
    await fetch(`${app.url}/api/projects`);
    await fetch(`${app.url}/login`);
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings()).toBe(0);

    const forwarded: Record<string, string>[] = [
      { 'x-forwarded-for': '203.0.113.7' },
      { 'x-real-ip': '203.0.113.8' },
      { forwarded: 'for=203.0.113.9' },
    ];
    for (const headers of forwarded) {
      const res = await fetch(`${app.url}/api/projects`, { headers });
      expect(res.status).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings()).toBe(1);
    expect(app.logs()).toContain('every user behind it shares one rate-limit bucket');
    expect(app.logs()).toContain('TRUST_PROXY=x-forwarded-for');
  });
});

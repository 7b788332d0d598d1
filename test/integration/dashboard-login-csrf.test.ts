// Nobody can be signed in to the dashboard against their will (over HTTP against the built
// app): the login form refuses a post from another site (403, no cookie, no email), and a
// sign-in link for another address than the one signed in asks before it replaces the
// session — the GET neither uses the link up nor switches; only the confirmation's
// same-origin POST does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailbox, randomEmail } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { type Cookies, hiddenFields, request, requestSignInLink, signIn } from '../support/dashboard';
import { connect } from '../support/postgres';

let app: AppServer;
let sql: ReturnType<typeof connect>;

beforeAll(async () => {
  app = await startApp({ env: { RATE_LIMIT_SIGN_IN_PER_ADDRESS: '100/1m' } });
  sql = connect(app.databaseUrl!);
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

const submit = (jar: Cookies, email: string, headers: Record<string, string | null> = {}) =>
  request(app.url, jar, 'POST', '/login/submit', new URLSearchParams({ email }), headers);

describe('POST /login/submit', () => {
  it.each([
    ['another site', { origin: 'https://evil.example' }],
    [
      'another site that claims same-origin fetch metadata but sends its Origin',
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    ],
    ['an opaque origin', { origin: 'null' }],
    ['no Origin and a cross-site fetch', { origin: null, 'sec-fetch-site': 'cross-site' }],
    ['no Origin and no fetch metadata', { origin: null }],
    ['the same host on another scheme', { origin: 'https://127.0.0.1' }],
  ])('refuses a post from %s: 403 page, no cookie, no email', async (_what, headers) => {
    const email = randomEmail('csrf');
    const jar: Cookies = new Map();
    const res = await submit(jar, email, headers);
    expect(res.status).toBe(403);
    expect(res.location).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain('This sign-in request came from another site');
    expect(res.setCookies).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await mailbox(app.url, email)).toHaveLength(0);
    expect(await sql`select id from challenges where email = ${email}`).toHaveLength(0);
  });

  it('accepts Sec-Fetch-Site: same-origin without an Origin header', async () => {
    const email = randomEmail('fetch-metadata');
    const jar: Cookies = new Map();
    const res = await submit(jar, email, { origin: null, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/\/login\?sent=1$/);
    expect(jar.has('uauth_login_state')).toBe(true);
    expect(await mailbox(app.url, email)).toHaveLength(1);
  });
});

describe('GET /login/callback with a session of another account', () => {
  /** A link for `email` asked for in the browser of `jar`; returns the callback URL Continue leads to. */
  async function linkInto(jar: Cookies, email: string): Promise<{ callback: string; code: string }> {
    const { submitted, code } = await requestSignInLink(app.url, jar, email);
    expect(submitted.location).toMatch(/sent=1$/);
    const cont = await request(app.url, jar, 'POST', '/l/continue', new URLSearchParams({ code }));
    expect(cont.status).toBe(303);
    return { callback: cont.location ?? '', code };
  }
  const used = async (email: string) =>
    (await sql`select used_at from challenges where email = ${email} order by created_at desc limit 1`)[0]?.used_at;
  const orgName = (html: string) => /data-testid="org-name">([^<]*)</.exec(html)?.[1]?.replace(/&#x27;/g, "'");

  it('asks first: the GET neither uses the link nor switches; a cross-site POST is refused; the same-origin POST switches', async () => {
    const a = randomEmail('signed-in');
    const b = randomEmail('other');
    const { jar } = await signIn(app.url, a);
    const aOrg = orgName((await request(app.url, jar, 'GET', '/dashboard')).text);
    expect(aOrg).toBe(`${a.split('@')[0]}'s organization`);

    const { callback } = await linkInto(jar, b);
    const get = await request(app.url, jar, 'GET', callback);
    expect(get.status).toBe(303);
    expect(get.location).toMatch(/\/login\/switch\?code=[^&]+&state=/);
    expect(get.setCookies.filter((c) => c.startsWith('uauth_dashboard='))).toEqual([]);
    expect(await used(b)).toBeNull();
    expect(await sql`select id from accounts where email = ${b}`).toHaveLength(0);

    const ask = await request(app.url, jar, 'GET', get.location ?? '');
    expect(ask.status).toBe(200);
    expect(ask.text.replace(/<!-- -->/g, '')).toContain(
      `You are signed in as <strong data-testid="signed-in-as">${a}</strong>.`,
    );
    expect(ask.text.replace(/<!-- -->/g, '')).toContain(
      `Sign in as <strong data-testid="link-for">${b}</strong> instead?`,
    );
    const form = /<form[^>]*data-form="switch-account"[^>]*>/.exec(ask.text)?.[0] ?? '';
    expect(form).toContain('action="/login/callback"');
    expect(form).toContain('method="post"');
    // still A, the link still unused
    expect(orgName((await request(app.url, jar, 'GET', '/dashboard')).text)).toBe(aOrg);
    expect(await used(b)).toBeNull();

    const fields = new URLSearchParams(hiddenFields(ask.text, 'switch-account'));
    const forged = await request(app.url, jar, 'POST', '/login/callback', fields, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.setCookies).toEqual([]);
    expect(await used(b)).toBeNull();

    const confirmed = await request(app.url, jar, 'POST', '/login/callback', fields);
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toMatch(/\/dashboard$/);
    expect(confirmed.setCookies.some((c) => c.startsWith('uauth_dashboard='))).toBe(true);
    expect(await used(b)).not.toBeNull();
    expect(orgName((await request(app.url, jar, 'GET', '/dashboard')).text)).toBe(`${b.split('@')[0]}'s organization`);
  });

  it('the confirmation POST still needs the state cookie of the browser that asked', async () => {
    const a = randomEmail('signed-in');
    const b = randomEmail('other');
    const { jar } = await signIn(app.url, a);
    const { callback } = await linkInto(jar, b);
    const get = await request(app.url, jar, 'GET', callback);
    const ask = await request(app.url, jar, 'GET', get.location ?? '');
    const fields = new URLSearchParams(hiddenFields(ask.text, 'switch-account'));
    const elsewhere: Cookies = new Map([['uauth_dashboard', jar.get('uauth_dashboard') ?? '']]);
    const res = await request(app.url, elsewhere, 'POST', '/login/callback', fields);
    expect(res.location).toMatch(/\/login\?error=browser$/);
    expect(await used(b)).toBeNull();
  });

  it('the same account, or nobody signed in: the link signs in at once, as before', async () => {
    const a = randomEmail('same');
    const { jar } = await signIn(app.url, a);
    const { callback } = await linkInto(jar, a);
    const again = await request(app.url, jar, 'GET', callback);
    expect(again.status).toBe(303);
    expect(again.location).toMatch(/\/dashboard$/);
    expect(await used(a)).not.toBeNull();

    const fresh: Cookies = new Map();
    const c = randomEmail('fresh');
    const { callback: freshCallback } = await linkInto(fresh, c);
    const signedIn = await request(app.url, fresh, 'GET', freshCallback);
    expect(signedIn.location).toMatch(/\/dashboard$/);
    expect(signedIn.setCookies.some((cookie) => cookie.startsWith('uauth_dashboard='))).toBe(true);
  });
});

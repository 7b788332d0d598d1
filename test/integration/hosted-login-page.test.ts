// The hosted login page an app sends people to (GET /uauth?sessionId=…, from
// getSessionUrl) and the sign-in through its form for each policy (sign_up_sign_in,
// sign_in, sign_up): what the page shows and its headers, escaping, the dead ends (unknown,
// expired, completed, deleted) and a sign-in from form to verify. The form is a plain form
// post to /uauth/submit, answered 303; here it is posted the way a browser without
// JavaScript posts it. Against the built app (next start + a fresh PostgreSQL database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  codeOfLink,
  createProject as createProjectWith,
  mailbox,
  randomEmail,
  secretKeyHeader,
  setupProject,
  signInUser,
  type TestProject,
  verifyChallenge,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import {
  createWorkflow as createWorkflowWith,
  hostedFormFields,
  hostedSignIn,
  postHostedForm,
  startHostedLogin,
  submitHostedForm,
  type Workflow,
  workflowsPath,
} from '../support/hosted';
import { getPage as getPageAt, type Page, pressContinue } from '../support/pages';
import { connect } from '../support/postgres';

const PROJECT_NAME = 'Workflow Test Co';
const LOGO_URL = 'https://cdn.example.com/wf-logo.png';

let app: AppServer;
let sql: ReturnType<typeof connect>;
let secretToken: string;
let project: TestProject; // allowedOrigin http://localhost:4321, redirectUrl http://localhost:4321/callback

beforeAll(async () => {
  // These tests send to one address several times in a row; the default limits
  // (1 per 30 s per address) are proven in test/security/rate-limits.test.ts.
  app = await startApp({ env: { RATE_LIMIT_SEND_PER_ADDRESS: '100/1m' } });
  sql = connect(app.databaseUrl!);
  ({ secretToken, project } = await setupProject(app, { name: PROJECT_NAME, logoUrl: LOGO_URL }));
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

const keyHeader = () => secretKeyHeader(secretToken);
const createProject = (overrides: Record<string, unknown> = {}) => createProjectWith(app.url, secretToken, overrides);
const createWorkflow = (p: TestProject = project, body: Record<string, unknown> = {}) =>
  createWorkflowWith(app.url, secretToken, p, body);
const createSession = (workflowKey: string, state?: string) =>
  startHostedLogin(app.url, secretToken, workflowKey, state);
const getSession = (sessionId: string) =>
  api(app.url, 'GET', `/api/uauth/session/${sessionId}`, { headers: keyHeader() });
const getPage = (url: string, cookie?: string) => getPageAt(url, { cookie });
/** A known user of the project, made through the plain REST send + verify. */
const makeUser = async (email: string) => (await signInUser(app.url, project, email)).user;

/** Presses Continue on the landing page (a plain form post); returns the 303 target. */
async function continueLanding(code: string): Promise<string> {
  const res = await pressContinue(app.url, code);
  expect(res.status).toBe(303);
  return res.location ?? '';
}

function expectNoStackTrace(page: Page) {
  expect(page.html).not.toMatch(/\bat .+\.(js|ts):\d+/);
  expect(page.text).not.toMatch(/Error:|TypeError|ReferenceError|Internal Server Error/);
}

describe('hosted login page GET /uauth?sessionId=…', () => {
  let workflow: Workflow;
  beforeAll(async () => {
    workflow = await createWorkflow(project, { clientRedirectUrl: 'http://localhost:4321/hosted-return' });
  });

  it("200 HTML: the project's name and logo, a labelled email input and a submit button", async () => {
    const { url, sessionId } = await createSession(workflow.workflowKey);
    const page = await getPage(url);
    expect(page.status, page.text).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain(PROJECT_NAME);
    expect(page.html).toMatch(new RegExp(`<h1[^>]*>[^<]*${PROJECT_NAME}`));
    expect(page.html).toContain(`src="${LOGO_URL}"`);

    // <label for="x"> … <input id="x" type="email" name="email">
    const input = page.html.match(/<input\b[^>]*\btype="email"[^>]*>/)?.[0];
    expect(input, 'an email input').toBeDefined();
    expect(input).toMatch(/\bname="email"/);
    const id = input!.match(/\bid="([^"]+)"/)?.[1];
    expect(id, 'the email input has an id for its label').toBeDefined();
    expect(page.html).toMatch(new RegExp(`<label\\b[^>]*\\bfor="${id}"[^>]*>[^<]*\\S`));
    expect(page.html).toMatch(/<button\b[^>]*type="submit"[^>]*>[^<]*\S/);

    // A plain form that works without JavaScript: it posts back to this server.
    const form = page.html.match(/<form\b[^>]*>/)?.[0] ?? '';
    expect(form).toMatch(/method="post"/i);
    expect(page.html).toContain(`value="${sessionId}"`);
    expectNoStackTrace(page);
  });

  it("headers: frame-ancestors 'none' / X-Frame-Options DENY, Referrer-Policy no-referrer, a CSP, no caching", async () => {
    const { url } = await createSession(workflow.workflowKey);
    const page = await getPage(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/default-src 'self'/);
    // Inline script may only be the page's own; no script from other hosts.
    const scriptSrc = csp.match(/script-src ([^;]+)/)?.[1] ?? "'self'";
    expect(scriptSrc).not.toMatch(/\*|https?:|data:/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control') ?? '').toMatch(/no-store/);
  });

  it('everything shown from project data is escaped', async () => {
    const evilName = `<img src=x onerror=alert(1)>"'&<script>alert(2)</script>`;
    const evilLogo = 'https://cdn.example.com/l.png?a="><script>alert(3)</script>';
    const p = await createProject({ name: evilName, logoUrl: evilLogo });
    const wf = await createWorkflow(p);
    const { url } = await createSession(wf.workflowKey);
    const page = await getPage(url);
    expect(page.status).toBe(200);
    expect(page.text).toContain(evilName);
    expect(page.html).not.toContain('<img src=x onerror');
    expect(page.html).not.toContain('<script>alert(');
    expect(page.html).not.toContain('"><script>');
  });

  // Dead ends answer 404 (unknown) or 410 (expired, completed) and still say, in their
  // server-rendered HTML, what happened.
  it('an unknown, malformed or missing sessionId is a clear 404 page, never a stack trace', async () => {
    for (const query of [`sessionId=${'0'.repeat(32)}`, 'sessionId=nope', 'sessionId=', '']) {
      const page = await getPage(`${app.url}/uauth?${query}`);
      expect(page.status, query).toBe(404);
      expect(page.text, query).toMatch(/does not exist/i);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expectNoStackTrace(page);
    }
  });

  it('the page for an unknown session says so in its HTML (readable without JavaScript)', async () => {
    const page = await getPage(`${app.url}/uauth?sessionId=${'0'.repeat(32)}`);
    expect(page.text).toMatch(/not (valid|found)|no longer|does not exist|expired/i);
  });

  it('a deleted workflow or project makes the page say it does not exist', async () => {
    const p = await createProject({ name: 'Page Gone App' });
    const wf1 = await createWorkflow(p);
    const wf2 = await createWorkflow(p);
    const s1 = await createSession(wf1.workflowKey);
    const s2 = await createSession(wf2.workflowKey);
    expect((await getPage(s1.url)).status).toBe(200);
    expect(
      (await api(app.url, 'DELETE', `${workflowsPath(p.id)}/${wf1.workflowKey}`, { headers: keyHeader() })).status,
    ).toBe(204);
    const deleted = await getPage(s1.url);
    expect(deleted.status).toBe(404);
    expect(deleted.text).toMatch(/does not exist/i);
    expect((await getPage(s2.url)).status).toBe(200);
    expect((await api(app.url, 'DELETE', `/api/projects/${p.id}`, { headers: keyHeader() })).status).toBe(204);
    const gone = await getPage(s2.url);
    expect(gone.status).toBe(404);
    expect(gone.text).toMatch(/does not exist/i);
    expectNoStackTrace(gone);
  });

  it('an expired session shows a clear 410 "expired" page with the project name and no form', async () => {
    const { url, sessionId } = await createSession(workflow.workflowKey);
    await sql`update hosted_logins set expires_at = now() - interval '1 second' where id = ${sessionId}`;
    const page = await getPage(url);
    expect(page.status).toBe(410);
    expect(page.text).toMatch(/expired/i);
    expect(page.text).toContain(PROJECT_NAME);
    expect(page.html).not.toMatch(/type="email"/);
    expectNoStackTrace(page);
  });
});

// ---------------------------------------------------------------- hosted sign-in (no JavaScript)

describe('hosted sign-in through the form (as a browser without JavaScript)', () => {
  it('sign_up_sign_in: form -> 303 "check your email" -> link -> Continue -> clientRedirectUrl with code, sessionId, state -> verify -> completed', async () => {
    const wf = await createWorkflow(project, {
      policyId: 'sign_up_sign_in',
      clientRedirectUrl: 'http://localhost:4321/wf/return?tenant=acme',
    });
    const state = `st ${crypto.randomUUID()} &=?/é`;
    const { url, sessionId } = await createSession(wf.workflowKey, state);
    const email = randomEmail('hosted');

    const submitted = await submitHostedForm(url, `  ${email.toUpperCase()} `);
    expect(new URL(submitted.location).origin).toBe(app.url);
    expect(new URL(submitted.location).pathname).toBe('/uauth');
    expect(new URL(submitted.location).searchParams.get('sessionId')).toBe(sessionId);
    // The address never goes into a URL (referrers, logs).
    expect(submitted.location.toLowerCase()).not.toContain(encodeURIComponent(email).toLowerCase());
    expect(submitted.location.toLowerCase()).not.toContain(email.toLowerCase());

    const check = await getPage(submitted.location, submitted.cookie);
    expect(check.status).toBe(200);
    expect(check.text).toMatch(/check your email/i);
    expect(check.text).toContain(email.toLowerCase());
    expect(check.text).toMatch(/another (email )?address/i); // a way to use another address
    expect(check.text).toMatch(/again|resend/i); // a way to resend

    // One email, to the normalized address, with a landing link on APP_URL.
    const messages = await mailbox(app.url, email.toLowerCase());
    expect(messages).toHaveLength(1);
    const link = messages[0]!.links.find((l) => l.startsWith(`${app.url}/l/`)) ?? '';
    const code = codeOfLink(link, app.url);

    // Opening the landing page does not complete anything.
    const landing = await getPage(link);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain(PROJECT_NAME);

    const target = new URL(await continueLanding(code));
    expect(`${target.origin}${target.pathname}`).toBe('http://localhost:4321/wf/return');
    expect(target.searchParams.get('tenant')).toBe('acme');
    expect(target.searchParams.get('code')).toBe(code);
    expect(target.searchParams.get('sessionId')).toBe(sessionId);
    expect(target.searchParams.get('state')).toBe(state);

    // Still pending until the app verifies.
    const pending = await getSession(sessionId);
    expect(pending.status).toBe(200);
    if ('status' in pending.data) expect(pending.data.status).toBe('pending');
    expect((await getPage(url)).text).toMatch(/sign in to/i);

    const verified = await verifyChallenge(app.url, project, code);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data).toMatchObject({
      status: 'verified',
      user: { emailAddress: email.toLowerCase() },
      session: { status: 'active' },
    });

    // Completed: the API says so (extra field), the page says so, and it cannot be used again.
    const done = await getSession(sessionId);
    expect(done.status, done.text).toBe(200);
    if ('status' in done.data) expect(done.data.status).toBe('completed');
    const page = await getPage(url);
    expect(page.status).toBe(410);
    expect(page.text).toMatch(/already|completed/i);
    expect(page.html).not.toMatch(/type="email"/);
    expectNoStackTrace(page);
    expect((await verifyChallenge(app.url, project, code)).status).toBe(409);
  });

  it('state is optional: the redirect then carries no state', async () => {
    const wf = await createWorkflow(project);
    const { url, sessionId } = await createSession(wf.workflowKey);
    const { target, code } = await hostedSignIn(app.url, url, randomEmail('nostate'));
    expect(target.searchParams.get('sessionId')).toBe(sessionId);
    expect(target.searchParams.get('code')).toBe(code);
    expect(target.searchParams.has('state')).toBe(false);
  });

  it('sign_in with an existing user: the link signs that user in', async () => {
    const email = randomEmail('signin');
    const user = await makeUser(email);
    const wf = await createWorkflow(project, { policyId: 'sign_in' });
    const { url, sessionId } = await createSession(wf.workflowKey, 'si');
    const { target, code } = await hostedSignIn(app.url, url, email);
    expect(target.searchParams.get('sessionId')).toBe(sessionId);
    const verified = await verifyChallenge(app.url, project, code);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data.user).toMatchObject({ emailAddress: email, userHash: user.userHash });
  });

  it('sign_in with an unknown address: the very same "check your email" page, and no email', async () => {
    const wf = await createWorkflow(project, { policyId: 'sign_in' });
    const known = randomEmail('known');
    await makeUser(known);
    const unknown = randomEmail('unknown');

    const a = await createSession(wf.workflowKey);
    const b = await createSession(wf.workflowKey);
    const knownSubmit = await submitHostedForm(a.url, known);
    const unknownSubmit = await submitHostedForm(b.url, unknown);
    expect(new URL(unknownSubmit.location).search.replace(b.sessionId, 'ID')).toBe(
      new URL(knownSubmit.location).search.replace(a.sessionId, 'ID'),
    );

    const knownPage = await getPage(knownSubmit.location, knownSubmit.cookie);
    const unknownPage = await getPage(unknownSubmit.location, unknownSubmit.cookie);
    expect(unknownPage.status).toBe(knownPage.status);
    expect(unknownPage.text).toMatch(/check your email/i);
    expect(unknownPage.text).toContain(unknown);
    expect(unknownPage.text.replaceAll(unknown, 'EMAIL')).toBe(knownPage.text.replaceAll(known, 'EMAIL'));

    expect(await mailbox(app.url, unknown)).toHaveLength(0);
    expect(await mailbox(app.url, known)).toHaveLength(2); // makeUser's + this one
    // No user was made for the unknown address either.
    const [row] =
      await sql`select count(*)::int as n from users where project_id = ${project.id} and email = ${unknown}`;
    expect(row!.n).toBe(0);
  });

  it('sign_up with an existing user simply signs them in; with a new address it registers', async () => {
    const wf = await createWorkflow(project, { policyId: 'sign_up' });
    const existing = randomEmail('signup-existing');
    const user = await makeUser(existing);
    const s1 = await createSession(wf.workflowKey);
    const one = await hostedSignIn(app.url, s1.url, existing);
    const v1 = await verifyChallenge(app.url, project, one.code);
    expect(v1.status, v1.text).toBe(200);
    expect(v1.data.user.userHash).toBe(user.userHash);

    const fresh = randomEmail('signup-new');
    const s2 = await createSession(wf.workflowKey);
    const two = await hostedSignIn(app.url, s2.url, fresh);
    const v2 = await verifyChallenge(app.url, project, two.code);
    expect(v2.status, v2.text).toBe(200);
    expect(v2.data.user.emailAddress).toBe(fresh);
  });

  it('an invalid address comes back to the form with an error tied to the field, and sends nothing', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const [before] = await sql`select count(*)::int as n from email_messages`;
    const submitted = await submitHostedForm(url, 'not-an-email');
    const page = await getPage(submitted.location, submitted.cookie);
    expect(page.status).toBe(200);
    const input = page.html.match(/<input\b[^>]*\btype="email"[^>]*>/)?.[0] ?? '';
    expect(input).toMatch(/aria-invalid="true"/);
    const describedBy = input.match(/aria-describedby="([^"]+)"/)?.[1];
    expect(describedBy, 'the error is tied to the field').toBeDefined();
    expect(page.html).toMatch(new RegExp(`id="${describedBy}"[^>]*>[^<]*valid email`, 'i'));
    const [after] = await sql`select count(*)::int as n from email_messages`;
    expect(after!.n).toBe(before!.n);
  });

  it('"send the email again" sends another link for the same session', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const email = randomEmail('resend');
    const first = await submitHostedForm(url, email);
    // The "check your email" page's own form (the resend button) posts the address again.
    const again = await submitHostedForm(first.location, email, first.cookie);
    const page = await getPage(again.location, again.cookie || first.cookie);
    expect(page.text).toMatch(/check your email/i);
    expect((await mailbox(app.url, email)).length).toBe(2);
  });

  it('an expired session sends nothing', async () => {
    const wf = await createWorkflow(project);
    const { url, sessionId } = await createSession(wf.workflowKey);
    const page = await getPage(url);
    await sql`update hosted_logins set expires_at = now() - interval '1 second' where id = ${sessionId}`;
    // Post the form that was loaded while the session was still valid.
    const email = randomEmail('late');
    const res = await postHostedForm(`${app.url}/uauth/submit`, hostedFormFields(page.html, email));
    expect(res.status).toBeLessThan(500);
    expect(await mailbox(app.url, email)).toHaveLength(0);
    const after = await getPage(url);
    expect(after.text).toMatch(/expired/i);
  });

  it('a completed session sends nothing more', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const page = await getPage(url);
    const first = await hostedSignIn(app.url, url, randomEmail('first'));
    expect((await verifyChallenge(app.url, project, first.code)).status).toBe(200);

    const email = randomEmail('after-complete');
    const res = await postHostedForm(`${app.url}/uauth/submit`, hostedFormFields(page.html, email));
    expect(res.status).toBeLessThan(500);
    expect(await mailbox(app.url, email)).toHaveLength(0);
  });

  it('a session completes once: a second link of the same session no longer signs anyone in', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const email = randomEmail('twice');
    const first = await submitHostedForm(url, email);
    await submitHostedForm(first.location, email, first.cookie);
    const links = (await mailbox(app.url, email)).map((m) =>
      codeOfLink(m.links.find((l) => l.startsWith(`${app.url}/l/`)) ?? '', app.url),
    );
    expect(links).toHaveLength(2);
    const [newer, older] = links as [string, string];
    expect((await verifyChallenge(app.url, project, older)).status).toBe(200);
    const second = await verifyChallenge(app.url, project, newer);
    expect(second.status).toBe(409);
    expect(second.data.code).toBe('challenge_used');
  });

  it('sessions of a deleted workflow send nothing', async () => {
    const wf = await createWorkflow(project);
    const { url } = await createSession(wf.workflowKey);
    const page = await getPage(url);
    expect(
      (await api(app.url, 'DELETE', `${workflowsPath(project.id)}/${wf.workflowKey}`, { headers: keyHeader() })).status,
    ).toBe(204);
    const email = randomEmail('deleted-wf');
    const res = await postHostedForm(`${app.url}/uauth/submit`, hostedFormFields(page.html, email));
    expect(res.status).toBeLessThan(500);
    expect(await mailbox(app.url, email)).toHaveLength(0);
  });
});

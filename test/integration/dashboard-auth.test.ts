// The dashboard's sign-in and authorization against the real app (next start + a fresh
// PostgreSQL database): magic-link sign-in at /login, the session cookie's flags,
// sign-out, and — for every mutating form — a forged post carrying another
// organization's ids is refused and changes nothing of theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  codeOfLink,
  createOrganization,
  latestCode,
  mailbox,
  randomEmail,
  secretKeyHeader,
  setupProject,
  signInUser,
  type TestProject,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import {
  type Cookies,
  createProjectInDashboard,
  hiddenFields,
  request,
  signIn,
  submitForm,
} from '../support/dashboard';
import { createWorkflow } from '../support/hosted';
import { connect } from '../support/postgres';

let app: AppServer;
let sql: ReturnType<typeof connect>;

// Organization B: created with the CLI, used through the REST API only.
let bKey: string;
let bOrgId: string;
let bProject: TestProject;
let bWorkflowKey: string;
let bSessionCode: string;

// Organization A: a developer who signs in to the dashboard.
const aEmail = randomEmail('dev-a');
let aJar: Cookies;
let aProjectId: string;
let aSetCookies: string[];

/** An end user of `project`, signed in through the REST API: their session code. */
const signUserIn = async (project: { id: string; clientToken: string }, email: string) =>
  (await signInUser(app.url, project, email)).sessionCode;

const bHeaders = () => secretKeyHeader(bKey);
const bProjectNow = async () =>
  (await api(app.url, 'GET', `/api/projects/${bProject.id}`, { headers: bHeaders() })).data;

beforeAll(async () => {
  // These tests sign one address in several times in a row; the default sign-in limit
  // (1 per 30 s per address) is proven in test/security/rate-limits.test.ts.
  app = await startApp({ env: { RATE_LIMIT_SIGN_IN_PER_ADDRESS: '100/1m', RATE_LIMIT_SEND_PER_ADDRESS: '100/1m' } });
  sql = connect(app.databaseUrl!);
  const b = await setupProject(app, {
    name: 'Org B App',
    emailTemplate: '<p><a href="{{link}}">B</a></p>',
    emailSubject: 'B subject',
  });
  bKey = b.secretToken;
  bOrgId = b.organizationId;
  bProject = b.project;
  const wf = await createWorkflow(app.url, bKey, bProject, {
    name: 'B flow',
    policyId: 'sign_in',
    clientRedirectUrl: 'http://localhost:4321/callback',
  });
  bWorkflowKey = wf.workflowKey;
  bSessionCode = await signUserIn(bProject, randomEmail('b-user'));

  ({ jar: aJar, setCookies: aSetCookies } = await signIn(app.url, aEmail));
  aProjectId = await createProjectInDashboard(app.url, aJar, 'Org A App');
  expect(aProjectId).toMatch(/^[0-9a-f-]{36}$/);
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax, 7-day session cookie (not Secure on http)', () => {
    const cookie = aSetCookies.find((c) => c.startsWith('uauth_dashboard='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).toMatch(/;\s*Path=\//i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(6 * 24 * 3600);
    expect(maxAge).toBeLessThanOrEqual(7 * 24 * 3600);
  });

  it('creates an organization for a new address, with the account as owner', async () => {
    const [row] =
      await sql`select m.role, a.last_sign_in_at, o.name from accounts a join memberships m on m.account_id = a.id join organizations o on o.id = m.organization_id where a.email = ${aEmail}`;
    expect(row?.role).toBe('owner');
    expect(row?.last_sign_in_at).not.toBeNull();
  });

  it('answers the same for a known and an unknown address (no enumeration)', async () => {
    const jar: Cookies = new Map();
    const known = await request(app.url, jar, 'POST', '/login/submit', new URLSearchParams({ email: aEmail }));
    const unknown = await request(
      app.url,
      jar,
      'POST',
      '/login/submit',
      new URLSearchParams({ email: randomEmail('nobody') }),
    );
    expect(known.status).toBe(303);
    expect(unknown.status).toBe(303);
    expect(known.location).toBe(unknown.location);
    const invalid = await request(
      app.url,
      jar,
      'POST',
      '/login/submit',
      new URLSearchParams({ email: 'not-an-email' }),
    );
    expect(invalid.location).toMatch(/\/login\?error=invalid_email$/);
  });

  it('signs in an account created with the CLI into its own organization', async () => {
    const [owner] =
      await sql`select a.email from accounts a join memberships m on m.account_id = a.id where m.organization_id = ${bOrgId}`;
    const { jar } = await signIn(app.url, owner?.email);
    const page = await request(app.url, jar, 'GET', '/dashboard');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Org B App');
    expect(page.text).not.toContain('Org A App');
  });

  it('two first sign-ins of one new address at once make one account and one organization', async () => {
    const email = randomEmail('racer');
    const jars: Cookies[] = [new Map(), new Map()];
    for (const jar of jars) await request(app.url, jar, 'POST', '/login/submit', new URLSearchParams({ email }));
    const messages = (await mailbox(app.url, email)).reverse(); // oldest first
    expect(messages).toHaveLength(2);
    const callbacks = await Promise.all(
      jars.map(async (jar, i) => {
        const code = codeOfLink(messages[i]?.links[0] ?? '');
        const cont = await request(app.url, jar, 'POST', '/l/continue', new URLSearchParams({ code }));
        return cont.location ?? '';
      }),
    );
    const done = await Promise.all(jars.map((jar, i) => request(app.url, jar, 'GET', callbacks[i] ?? '')));
    for (const d of done)
      expect(String(d.location), `${d.status} ${d.text.slice(0, 300)}\n${app.logs().slice(-3000)}`).toMatch(
        /\/dashboard$/,
      );
    const rows =
      await sql`select m.organization_id from accounts a join memberships m on m.account_id = a.id where a.email = ${email}`;
    expect(rows).toHaveLength(1);
    const orphans =
      await sql`select o.id from organizations o where o.name = ${`${email.split('@')[0]}'s organization`}`;
    expect(orphans).toHaveLength(1);
  });

  it('refuses a link opened in another browser (no login-state cookie)', async () => {
    const email = randomEmail('other-browser');
    const jar: Cookies = new Map();
    await request(app.url, jar, 'POST', '/login/submit', new URLSearchParams({ email }));
    const code = await latestCode(app.url, email);
    const cont = await request(app.url, new Map(), 'POST', '/l/continue', new URLSearchParams({ code }));
    const callback = await request(app.url, new Map(), 'GET', cont.location ?? '');
    expect(callback.status).toBe(303);
    expect(callback.location).toMatch(/\/login\?error=browser$/);
    expect(callback.setCookies.some((c) => c.startsWith('uauth_dashboard='))).toBe(false);
  });

  it('sends a visitor without a session to /login, and never lists the internal project', async () => {
    const anonymous = await request(app.url, new Map(), 'GET', '/dashboard');
    expect([303, 307]).toContain(anonymous.status);
    expect(anonymous.location).toMatch(/\/login$/);
    const forged = await request(app.url, new Map([['uauth_dashboard', 'Fe26.2**garbage']]), 'GET', '/dashboard/keys');
    expect(forged.location).toMatch(/\/login$/);
    const page = await request(app.url, aJar, 'GET', '/dashboard');
    expect(page.text).not.toContain('00000000-0000-4000-8000-000000000001');
    expect(page.text).not.toContain('the UAuth dashboard');
  });

  it('serves dashboard pages with no-store and the page security headers', async () => {
    const page = await request(app.url, aJar, 'GET', `/dashboard/projects/${aProjectId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toMatch(/no-store/);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('signs out: the cookie is cleared, and even a copy of it no longer signs in', async () => {
    const { jar } = await signIn(app.url, aEmail);
    const copy: Cookies = new Map(jar);
    const out = await submitForm(app.url, jar, '/dashboard', 'sign-out', {});
    expect(out.status).toBe(303);
    expect(out.location).toMatch(/\/login$/);
    expect(out.setCookies.some((c) => /^uauth_dashboard=;/.test(c) || /^uauth_dashboard=.*Max-Age=0/i.test(c))).toBe(
      true,
    );
    expect(jar.has('uauth_dashboard')).toBe(false);
    const after = await request(app.url, jar, 'GET', '/dashboard');
    expect(after.location).toMatch(/\/login$/);
    const replayed = await request(app.url, copy, 'GET', '/dashboard');
    expect(replayed.location).toMatch(/\/login$/);
    // Signing in again works, and the suite's other session is re-established.
    ({ jar: aJar } = await signIn(app.url, aEmail));
    expect((await request(app.url, aJar, 'GET', '/dashboard')).status).toBe(200);
  });
});

describe("another organization's ids are refused", () => {
  it('pages of its project are 404', async () => {
    for (const tab of ['', '/settings', '/template', '/workflows', '/users', '/activity']) {
      const page = await request(app.url, aJar, 'GET', `/dashboard/projects/${bProject.id}${tab}`);
      expect(page.status, tab).toBe(404);
      expect(page.text).not.toContain(bProject.clientToken);
    }
  });

  it('project settings, template, reset, test email and delete', async () => {
    const base = `/dashboard/projects/${aProjectId}`;
    const before = await bProjectNow();

    const settings = await submitForm(app.url, aJar, `${base}/settings`, 'project-settings', {
      projectId: bProject.id,
      name: 'Hacked',
      allowedOrigin: 'https://evil.example',
      redirectUrl: 'https://evil.example/cb',
      sessionValidSeconds: '60',
      logoUrl: '',
    });
    expect(settings.text).toContain('belongs to another organization');

    const template = await submitForm(app.url, aJar, `${base}/template`, 'template', {
      projectId: bProject.id,
      emailSubject: 'Hacked',
      emailTemplate: '<p>hacked {{link}}</p>',
    });
    expect(template.status).not.toBe(303);

    const reset = await submitForm(app.url, aJar, `${base}/template`, 'reset-template', { projectId: bProject.id });
    expect(reset.location).toMatch(/error=not_found/);

    const testEmail = await submitForm(app.url, aJar, `${base}/template`, 'test-email', { projectId: bProject.id });
    expect(testEmail.location).toMatch(/error=not_found/);
    const [mails] =
      await sql`select count(*)::int as n from email_messages where project_id = ${bProject.id} and to_address = ${aEmail}`;
    expect(mails?.n).toBe(0);

    const del = await submitForm(app.url, aJar, `${base}/settings`, 'delete-project', {
      projectId: bProject.id,
      confirm: bProject.name,
    });
    expect(del.status).not.toBe(303);

    expect(await bProjectNow()).toEqual(before);
  });

  it('workflows: create, edit, delete and try it', async () => {
    const base = `/dashboard/projects/${aProjectId}/workflows`;
    const made = await submitForm(app.url, aJar, base, 'create-workflow', {
      name: 'A flow',
      policyId: 'sign_up_sign_in',
      clientRedirectUrl: 'http://localhost:5173/callback',
    });
    expect(made.status).toBe(200);
    expect(made.text).toContain('Workflow created.');

    const forgedCreate = await submitForm(app.url, aJar, base, 'create-workflow', {
      projectId: bProject.id,
      name: 'Evil',
      policyId: 'sign_up_sign_in',
      clientRedirectUrl: 'http://localhost:4321/callback',
    });
    expect(forgedCreate.text).toContain('belongs to another organization');

    for (const projectId of [bProject.id, aProjectId]) {
      const edit = await submitForm(app.url, aJar, base, 'edit-workflow', {
        projectId,
        workflowKey: bWorkflowKey,
        name: 'Evil',
        policyId: 'sign_up_sign_in',
        clientRedirectUrl: 'http://localhost:4321/callback',
      });
      expect(edit.text).toContain('belongs to another organization');
      const del = await submitForm(app.url, aJar, base, 'delete-workflow', { projectId, workflowKey: bWorkflowKey });
      expect(del.location).toMatch(/error=not_found/);
      const tryIt = await request(
        app.url,
        aJar,
        'POST',
        `/dashboard/projects/${projectId}/workflows/try`,
        new URLSearchParams({ workflowKey: bWorkflowKey }),
      );
      expect(tryIt.status).toBe(303);
      expect(tryIt.location).not.toContain('/uauth');
    }

    const list = await api(app.url, 'GET', `/api/projects/${bProject.id}/workflows`, { headers: bHeaders() });
    expect(list.data).toEqual([
      expect.objectContaining({ workflowKey: bWorkflowKey, name: 'B flow', policyId: 'sign_in' }),
    ]);
    const [sessions] =
      await sql`select count(*)::int as n from hosted_logins ws join workflows w on w.id = ws.workflow_id where w.workflow_key = ${bWorkflowKey}`;
    expect(sessions?.n).toBe(0);
  });

  it('revoking a user session', async () => {
    const [aProject] = await sql`select id, client_token from projects where id = ${aProjectId}`;
    await signUserIn({ id: aProjectId, clientToken: aProject?.client_token }, randomEmail('a-user'));
    const [bSession] = await sql`select s.id from sessions s where s.project_id = ${bProject.id}`;
    const base = `/dashboard/projects/${aProjectId}/users`;
    for (const projectId of [bProject.id, aProjectId]) {
      const res = await submitForm(app.url, aJar, base, 'revoke-session', {
        projectId,
        sessionId: bSession?.id,
        back: base,
      });
      expect(res.location).toMatch(/error=not_found/);
    }
    const q = `projectId=${bProject.id}&clientToken=${bProject.clientToken}&sessionCode=${bSessionCode}`;
    const status = await api(app.url, 'GET', `/api/session?${q}`);
    expect(status.data.status).toBe('active');
  });

  it("rotating a project's signing key", async () => {
    const keys = async () => (await sql`select kid from signing_keys where project_id = ${bProject.id}`).length;
    const before = await keys();
    const res = await submitForm(app.url, aJar, `/dashboard/projects/${aProjectId}`, 'rotate-signing-key', {
      projectId: bProject.id,
    });
    expect(res.location).toMatch(/error=not_found/);
    expect(await keys()).toBe(before);
  });

  it('revoking a secret key and removing a member', async () => {
    const created = await submitForm(app.url, aJar, '/dashboard/keys', 'create-key', { name: 'A key' });
    expect(created.status).toBe(200);
    const [bKeyRow] = await sql`select id from secret_keys where organization_id = ${bOrgId}`;
    const revoke = await submitForm(app.url, aJar, '/dashboard/keys', 'revoke-key', { keyId: bKeyRow?.id });
    expect(revoke.location).toMatch(/error=not_found/);
    expect((await api(app.url, 'GET', '/api/projects', { headers: bHeaders() })).status).toBe(200);

    const invited = await submitForm(app.url, aJar, '/dashboard/members', 'invite-member', {
      email: randomEmail('teammate'),
    });
    expect(invited.text).toContain('is invited');
    const [bOwner] = await sql`select account_id as id from memberships where organization_id = ${bOrgId}`;
    // the remove form exists once the invited teammate has joined A
    const teammate = randomEmail('remove-target');
    await submitForm(app.url, aJar, '/dashboard/members', 'invite-member', { email: teammate });
    const { jar: teammateJar } = await signIn(app.url, teammate);
    expect((await submitForm(app.url, teammateJar, '/dashboard', 'accept-invitation', {})).location).toMatch(
      /notice=invitation_accepted/,
    );
    const remove = await submitForm(app.url, aJar, '/dashboard/members', 'remove-member', { accountId: bOwner?.id });
    expect(remove.location).toMatch(/error=not_found/);
    const [still] =
      await sql`select count(*)::int as n from memberships where account_id = ${bOwner?.id} and organization_id = ${bOrgId}`;
    expect(still?.n).toBe(1);
  });

  it('revoking an invitation and switching organization', async () => {
    // B's owner invites someone (written directly: B is used through the REST API only)
    const [bOwner] =
      await sql`select a.id, a.email from accounts a join memberships m on m.account_id = a.id where m.organization_id = ${bOrgId}`;
    const [bInvitation] =
      await sql`insert into invitations (organization_id, email, role, invited_by_account_id, invited_by_email, expires_at)
      values (${bOrgId}, ${randomEmail('b-invitee')}, 'member', ${bOwner?.id}, ${bOwner?.email}, now() + interval '7 days') returning id`;
    await submitForm(app.url, aJar, '/dashboard/members', 'invite-member', { email: randomEmail('a-invitee') });
    const revoke = await submitForm(app.url, aJar, '/dashboard/members', 'revoke-invitation', {
      invitationId: bInvitation?.id,
    });
    expect(revoke.location).toMatch(/error=not_found/);
    const [still] = await sql`select revoked_at from invitations where id = ${bInvitation?.id}`;
    expect(still?.revoked_at).toBeNull();

    // A in a second organization of its own, so that the switcher is there; B's id in it is refused
    await createOrganization(app, { name: 'Org A Second', email: aEmail });
    const switched = await submitForm(app.url, aJar, '/dashboard', 'switch-organization', { organizationId: bOrgId });
    expect(switched.location).toMatch(/error=not_found/);
    const home = await request(app.url, aJar, 'GET', '/dashboard');
    expect(home.text).toContain('Org A App');
    expect(home.text).not.toContain('Org B App');
    expect((await request(app.url, aJar, 'GET', `/dashboard/projects/${bProject.id}`)).status).toBe(404);
  });

  it('an id that is not a UUID is "not found", never a server error', async () => {
    const res = await submitForm(app.url, aJar, `/dashboard/projects/${aProjectId}/settings`, 'project-settings', {
      projectId: "x' or 1=1",
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('belongs to another organization');
    const page = await request(app.url, aJar, 'GET', '/dashboard/projects/not-a-uuid');
    expect(page.status).toBe(404);
  });
});

describe('members', () => {
  it('an invited member joins the organization only by accepting; only owners remove members', async () => {
    const teammate = randomEmail('member');
    const invited = await submitForm(app.url, aJar, '/dashboard/members', 'invite-member', { email: teammate });
    expect(invited.text).toContain('is invited');

    const { jar } = await signIn(app.url, teammate);
    // Not in A yet: their own organization, with A's invitation to answer.
    const before = await request(app.url, jar, 'GET', '/dashboard');
    expect(before.text).not.toContain('Org A App');
    const accepted = await submitForm(app.url, jar, '/dashboard', 'accept-invitation', {});
    expect(accepted.location).toMatch(/\/dashboard\?notice=invitation_accepted$/);
    const home = await request(app.url, jar, 'GET', '/dashboard');
    expect(home.text).toContain('Org A App');
    const again = await submitForm(app.url, aJar, '/dashboard/members', 'invite-member', { email: teammate });
    expect(again.text).toContain('is already a member of this organization');
    const members = await request(app.url, jar, 'GET', '/dashboard/members');
    expect(members.text).not.toContain('data-form="remove-member"');

    // The owner's remove form, posted with the member's cookie against the owner.
    const ownerPage = await request(app.url, aJar, 'GET', '/dashboard/members');
    const [owner] = await sql`select id from accounts where email = ${aEmail}`;
    const body = new FormData();
    for (const [k, v] of Object.entries({ ...hiddenFields(ownerPage.text, 'remove-member'), accountId: owner?.id }))
      body.set(k, v);
    const forged = await request(app.url, jar, 'POST', '/dashboard/members', body);
    expect(forged.location).toMatch(/error=forbidden/);
    const [still] =
      await sql`select count(*)::int as n from memberships m join projects p on p.organization_id = m.organization_id
      where m.account_id = ${owner?.id} and p.id = ${aProjectId}`;
    expect(still?.n).toBe(1);
  });
});

describe('validation', () => {
  it('shows the API messages next to the fields', async () => {
    const res = await submitForm(app.url, aJar, `/dashboard/projects/${aProjectId}/settings`, 'project-settings', {
      name: '',
      allowedOrigins: 'https://example.com/path',
      redirectUrls: 'ftp://x',
      sessionValidSeconds: '5',
      logoUrl: 'http://insecure.example/logo.png',
    });
    expect(res.status).toBe(200);
    for (const message of [
      'must not be empty',
      'must be an origin such as https://app.example.com (http only for localhost), without a path',
      'must be an absolute https URL (http only for localhost) without a fragment',
      'must be at least 60',
      'must be an https URL',
    ]) {
      expect(res.text).toContain(message);
    }
    const template = await submitForm(app.url, aJar, `/dashboard/projects/${aProjectId}/template`, 'template', {
      emailSubject: 'Hi',
      emailTemplate: '<p>no link</p>',
    });
    expect(template.text).toContain('must contain {{link}}');
  });

  it('the hidden fields the forms rely on are rendered', async () => {
    const page = await request(app.url, aJar, 'GET', `/dashboard/projects/${aProjectId}/settings`);
    expect(hiddenFields(page.text, 'project-settings').projectId).toBe(aProjectId);
  });
});

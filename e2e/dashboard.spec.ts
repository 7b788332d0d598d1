// The developer dashboard in real Chromium, end to end: sign in through the dev mailbox,
// create a project, copy its credentials and use them against the REST API, edit the
// email template and watch the sandboxed preview change, create / use / revoke a secret
// key, revoke a user's session, try a workflow's hosted page, and invite a teammate who
// signs in (into an organization of their own), accepts the invitation, sees the same
// project and switches between the two organizations. axe-core checks the new pages.
import { expect, type Page, test } from '@playwright/test';
import { api, codeOfLink, randomEmail } from '../test/support/api';
import { expectAccessible, landingLinks, newestLandingLink } from './support';

const appUrl = process.env.UAUTH_URL ?? '';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** /login → email → the link from the dev mailbox → Continue → the dashboard. */
async function signIn(page: Page, email: string) {
  const known = await landingLinks(appUrl, email);
  await page.goto(`${appUrl}/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  const link = await newestLandingLink(appUrl, email, known);
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Sign in to the UAuth dashboard' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`${appUrl}/dashboard`);
  await expect(page.getByRole('heading', { name: 'Projects', level: 1 })).toBeVisible();
}

test('a developer sets up a project in the dashboard and signs a user in with it', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(240_000);
  const owner = randomEmail('owner');
  const endUser = randomEmail('end-user');
  const projectName = `Rockets ${Math.random().toString(36).slice(2, 7)}`;
  let projectId = '';
  let clientToken = '';
  let sessionCode = '';

  await test.step('sign in with a new address: an empty organization', async () => {
    await signIn(page, owner);
    await expect(page.getByText('No projects yet')).toBeVisible();
  });

  await test.step('create a project; a bad origin is explained next to its field, by line', async () => {
    await page.getByLabel('Name').fill(projectName);
    await page.getByLabel('Allowed origins').fill('http://localhost:5173\nhttps://rockets.example/app');
    await page.getByLabel('Redirect URLs').fill('http://localhost:5173/callback');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(
      page.getByText('Allowed origins (line 2) must be an origin such as https://app.example.com'),
    ).toBeVisible();
    await expect(page.getByLabel('Name')).toHaveValue(projectName);
    await page.getByLabel('Allowed origins').fill('http://localhost:5173\nhttps://rockets.example');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/dashboard\/projects\/[0-9a-f-]{36}$/);
    await expect(page.getByTestId('project-name')).toHaveText(projectName);
  });

  await test.step('copy the credentials and use them against the REST API', async () => {
    projectId = (await page.getByTestId('project-id').textContent()) ?? '';
    await page.getByRole('button', { name: 'Copy clientToken: copy to clipboard' }).click();
    await expect(page.getByRole('button', { name: 'Copy clientToken: copy to clipboard' })).toHaveText('Copied');
    clientToken = await page.evaluate(() => navigator.clipboard.readText());
    expect(clientToken).toBe(await page.getByTestId('client-token').textContent());
    expect(clientToken).toMatch(/^ck_/);
    await page.screenshot({ path: testInfo.outputPath('credentials.png'), fullPage: true });

    const q = `projectId=${projectId}&clientToken=${encodeURIComponent(clientToken)}`;
    const sent = await api(appUrl, 'POST', `/api/challenge/send?${q}&emailAddress=${encodeURIComponent(endUser)}`);
    expect(sent.status, sent.text).toBe(201);
    const link = await newestLandingLink(appUrl, endUser);
    const verified = await api(appUrl, 'POST', `/api/challenge/verify?${q}&challengeCode=${codeOfLink(link)}`);
    expect(verified.status, verified.text).toBe(200);
    sessionCode = verified.data.session.code;
    expect((await api(appUrl, 'GET', `/api/session?${q}&sessionCode=${sessionCode}`)).data.status).toBe('active');
  });

  await test.step('edit the email template: the sandboxed preview follows, and the next email uses it', async () => {
    await page.getByRole('link', { name: 'Email template' }).click();
    const preview = page.getByTestId('preview');
    await expect(preview).toHaveAttribute('sandbox', '');
    const frame = page.frameLocator('[data-testid=preview]');
    await expect(frame.getByRole('heading', { name: `Sign in to ${projectName}` })).toBeVisible();
    await page.getByLabel('Subject').fill('Your {{projectName}} link');
    await page
      .getByLabel('HTML', { exact: true })
      .fill('<h1>Hello from the e2e test</h1><p><a href="{{link}}">Sign in as {{emailAddress}}</a></p>');
    await expect(frame.getByRole('heading', { name: 'Hello from the e2e test' })).toBeVisible();
    await expect(page.getByTestId('preview-subject')).toHaveText(`Your ${projectName} link`);
    await page.getByLabel('HTML', { exact: true }).fill('<p>no link here</p>');
    await page.getByRole('button', { name: 'Save template' }).click();
    await expect(page.getByText('HTML must contain {{link}}')).toBeVisible();
    await page
      .getByLabel('HTML', { exact: true })
      .fill('<h1>Hello from the e2e test</h1><p><a href="{{link}}">Sign in as {{emailAddress}}</a></p>');
    await page.getByRole('button', { name: 'Save template' }).click();
    await expect(page.getByText('Template saved.')).toBeVisible();
    await expect(frame.getByRole('heading', { name: 'Hello from the e2e test' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('template.png'), fullPage: true });

    const q = `projectId=${projectId}&clientToken=${encodeURIComponent(clientToken)}`;
    const other = randomEmail('templated');
    expect((await api(appUrl, 'POST', `/api/challenge/send?${q}&emailAddress=${other}`)).status).toBe(201);
    const box = await api(appUrl, 'GET', `/api/dev/mailbox?to=${other}`);
    expect(box.data.messages[0].subject).toBe(`Your ${projectName} link`);
    expect(box.data.messages[0].html).toContain('Hello from the e2e test');

    await page.getByRole('button', { name: `Send a test email to ${owner}` }).click();
    await expect(page.getByText('Test email sent to your address.')).toBeVisible();
    await page.getByRole('button', { name: 'Reset to default' }).click();
    await expect(page.getByText('The template is back to the default.')).toBeVisible();
    await expect(frame.getByRole('heading', { name: `Sign in to ${projectName}` })).toBeVisible();
  });

  await test.step('create a secret key, use it, revoke it: then 401', async () => {
    await page.getByRole('link', { name: 'Secret keys' }).click();
    await expect(page.getByText('No keys yet')).toBeVisible();
    await page.getByLabel('Key name').fill('CI server');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-secret').textContent()) ?? '';
    expect(secret).toMatch(/^sk_/);
    await expect(page.getByTestId('key-row').filter({ hasText: 'CI server' })).toContainText(`sk_…${secret.slice(-4)}`);

    const listed = await api(appUrl, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': secret } });
    expect(listed.status).toBe(200);
    expect(listed.data).toEqual([expect.objectContaining({ id: projectId, name: projectName })]);

    await page.getByTestId('key-row').filter({ hasText: 'CI server' }).getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByText('The key is revoked')).toBeVisible();
    await expect(page.getByTestId('key-row').filter({ hasText: 'CI server' })).toContainText('revoked');
    await page.screenshot({ path: testInfo.outputPath('keys.png'), fullPage: true });
    expect((await api(appUrl, 'GET', '/api/projects', { headers: { 'x-upid-organization-key': secret } })).status).toBe(
      401,
    );
  });

  await test.step("revoke a user's session: the API then reports it revoked", async () => {
    await page.goto(`${appUrl}/dashboard/projects/${projectId}/users`);
    await page.getByRole('searchbox', { name: 'Search by email' }).fill(endUser.slice(0, 12));
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByTestId('user-row').filter({ hasText: endUser });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('session')).toContainText('active');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByText('The session is revoked')).toBeVisible();
    await expect(page.getByTestId('user-row').filter({ hasText: endUser }).getByTestId('session')).toContainText(
      'revoked',
    );
    const q = `projectId=${projectId}&clientToken=${encodeURIComponent(clientToken)}&sessionCode=${sessionCode}`;
    expect((await api(appUrl, 'GET', `/api/session?${q}`)).data.status).toBe('revoked');
    await page.screenshot({ path: testInfo.outputPath('users.png'), fullPage: true });
  });

  await test.step('workflows: create one and try its hosted page', async () => {
    await page.getByRole('link', { name: 'Workflows' }).click();
    await expect(page.getByText('No workflows yet')).toBeVisible();
    const create = page.locator('form[data-form=create-workflow]');
    await create.getByLabel('Name').fill('Web sign-in');
    await create.getByLabel('Client redirect URL').fill('http://localhost:5173/callback');
    await create.getByRole('button', { name: 'Create workflow' }).click();
    await expect(page.getByTestId('workflow')).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath('workflows.png'), fullPage: true });
    const [hosted] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: 'Try it' }).click(),
    ]);
    await hosted.waitForLoadState();
    expect(hosted.url()).toMatch(/\/uauth\?sessionId=[0-9a-f]{32}$/);
    await expect(hosted.getByRole('heading', { name: `Sign in to ${projectName}` })).toBeVisible();
    await hosted.close();
  });

  await test.step('activity: emails and the 14-day chart; the audit log', async () => {
    await page.goto(`${appUrl}/dashboard/projects/${projectId}/activity`);
    await expect(page.getByRole('img', { name: /Last 14 days: \d+ challenges sent, \d+ verified/ })).toBeVisible();
    await expect(page.getByTestId('email-row').filter({ hasText: endUser })).not.toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('activity.png'), fullPage: true });
    await page.getByRole('link', { name: 'Audit log' }).click();
    for (const what of [
      'Project created',
      'Email template changed',
      'Secret key created',
      'Secret key revoked',
      'Workflow created',
    ]) {
      await expect(page.getByTestId('audit-row').filter({ hasText: what }).first()).toBeVisible();
    }
  });

  await test.step('invite a teammate, who accepts, sees the project and switches organization', async () => {
    const teammate = randomEmail('teammate');
    const ownerOrg = (await page.getByTestId('org-name').textContent()) ?? '';
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByLabel('Email address').fill(teammate);
    await page.getByRole('button', { name: 'Invite' }).click();
    await expect(page.getByText(`${teammate} is invited`)).toBeVisible();
    // an offer, not a member yet
    await expect(page.getByTestId('invitation-row').filter({ hasText: teammate })).toContainText('pending');
    await expect(page.getByTestId('member-row').filter({ hasText: teammate })).toHaveCount(0);
    await expectAccessible(page, 'members page with an open invitation');
    await page.screenshot({ path: testInfo.outputPath('members.png'), fullPage: true });

    const context = await browser.newContext();
    const theirs = await context.newPage();
    await signIn(theirs, teammate);
    // their own organization first, with the invitation to answer
    const ownOrg = `${teammate.split('@')[0]}'s organization`;
    await expect(theirs.getByTestId('org-name')).toHaveText(ownOrg);
    await expect(theirs.getByRole('link', { name: new RegExp(projectName) })).toHaveCount(0);
    const invitation = theirs.getByTestId('invitation').filter({ hasText: ownerOrg });
    await expect(invitation).toContainText(`${owner} invited you as member`);
    await expectAccessible(theirs, 'dashboard with an invitation');
    await theirs.screenshot({ path: testInfo.outputPath('invitation.png'), fullPage: true });
    await invitation.getByRole('button', { name: 'Accept' }).click();
    await theirs.waitForURL(`${appUrl}/dashboard?notice=invitation_accepted`);
    await expect(theirs.getByTestId('org-name')).toHaveText(ownerOrg);
    await expect(theirs.getByRole('link', { name: new RegExp(projectName) })).toBeVisible();

    // the switcher: back to their own organization, where the project is not
    await theirs.getByLabel('Switch to organization').selectOption({ label: ownOrg });
    await theirs.getByRole('button', { name: 'Switch' }).click();
    await theirs.waitForURL(`${appUrl}/dashboard?notice=organization_switched`);
    await expect(theirs.getByTestId('org-name')).toHaveText(ownOrg);
    await expect(theirs.getByText('No projects yet')).toBeVisible();
    const elsewhere = await theirs.goto(`${appUrl}/dashboard/projects/${projectId}`);
    expect(elsewhere?.status()).toBe(404);
    await theirs.goto(`${appUrl}/dashboard`);
    await theirs.getByRole('link', { name: 'Organizations' }).click();
    await expect(theirs.getByTestId('organization-row')).toHaveCount(2);
    await expectAccessible(theirs, 'organizations page');
    await theirs.getByRole('button', { name: `Open ${ownerOrg}` }).click();
    await theirs.waitForURL(`${appUrl}/dashboard?notice=organization_switched`);
    await expect(theirs.getByTestId('org-name')).toHaveText(ownerOrg);
    await expect(theirs.getByRole('link', { name: new RegExp(projectName) })).toBeVisible();

    await page.reload();
    await expect(page.getByTestId('member-row').filter({ hasText: teammate })).toContainText('member');
    await theirs.getByRole('button', { name: 'Sign out' }).click();
    await theirs.waitForURL(`${appUrl}/login`);
    await theirs.goto(`${appUrl}/dashboard`);
    await theirs.waitForURL(`${appUrl}/login`);
    await context.close();
  });

  await test.step('delete the project: the confirmation must name it', async () => {
    await page.goto(`${appUrl}/dashboard/projects/${projectId}/settings`);
    const form = page.locator('form[data-form=delete-project]');
    await form.getByLabel('Project name').fill('not the name');
    await form.getByRole('button', { name: `Delete ${projectName}` }).click();
    await expect(form.getByText(`must be the project's name, ${projectName}`)).toBeVisible();
    await form.getByLabel('Project name').fill(projectName);
    await form.getByRole('button', { name: `Delete ${projectName}` }).click();
    await page.waitForURL(`${appUrl}/dashboard?notice=project_deleted`);
    await expect(page.getByText('The project was deleted.')).toBeVisible();
    await expect(page.getByText('No projects yet')).toBeVisible();
    const q = `projectId=${projectId}&clientToken=${encodeURIComponent(clientToken)}`;
    // Its client token is no longer known: the API refuses it.
    expect((await api(appUrl, 'POST', `/api/challenge/send?${q}&emailAddress=${endUser}`)).status).toBe(401);
  });
});

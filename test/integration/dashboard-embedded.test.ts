// The README's path from a fresh clone: no DATABASE_URL (embedded PGlite), sign in to the
// dashboard through the development mailbox, create a project, read its credentials.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { api, createOrganization, randomEmail } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { request, signIn, submitForm } from '../support/dashboard';

let app: AppServer;

beforeAll(async () => {
  app = await startApp({ database: 'embedded' });
});
afterAll(async () => {
  await app?.stop();
});

it('signs a new developer in and sets up a project on the embedded database', async () => {
  const { jar } = await signIn(app.url, randomEmail('fresh-clone'));
  const created = await submitForm(app.url, jar, '/dashboard', 'create-project', {
    name: 'Embedded App',
    allowedOrigin: 'http://localhost:5173',
    redirectUrl: 'http://localhost:5173/callback',
  });
  expect(created.status).toBe(303);
  const page = await request(app.url, jar, 'GET', created.location ?? '');
  expect(page.status).toBe(200);
  const clientToken = /ck_[A-Za-z0-9_-]+/.exec(page.text)?.[0] ?? '';
  const projectId = (created.location ?? '').split('/').pop() ?? '';
  const sent = await api(
    app.url,
    'POST',
    `/api/challenge/send?projectId=${projectId}&clientToken=${clientToken}&emailAddress=ada@example.test`,
  );
  expect(sent.status, sent.text).toBe(201);
});

it('signs in an owner made by the CLI in a second terminal (through the control socket)', async () => {
  const email = randomEmail('cli-owner');
  const org = await createOrganization(app, { name: 'CLI Org', email });
  const { jar } = await signIn(app.url, email);
  const keys = await request(app.url, jar, 'GET', '/dashboard/keys');
  expect(keys.text).toContain('CLI Org');
  // React separates the two text parts with an empty comment.
  expect(keys.text.replace(/<!-- -->/g, '')).toContain(`sk_…${org.secretToken.slice(-4)}`);
});

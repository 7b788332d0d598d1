// lib/client against the built app (next start + a fresh PostgreSQL database): every
// method of createServerClient and createBrowserClient, and UAuthError carrying the
// problem JSON. Also: the client has no runtime import outside lib/client.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BrowserClient,
  createBrowserClient,
  createServerClient,
  type Project,
  type ServerClient,
  UAuthError,
} from '@/lib/client';
import { createOrganization, latestCode as latestCodeAt, randomEmail } from '../support/api';
import { type AppServer, root, startApp } from '../support/app-server';

let app: AppServer;
let server: ServerClient;
let project: Project;
let browser: BrowserClient;

const origin = 'http://localhost:4321';

beforeAll(async () => {
  app = await startApp();
  const org = await createOrganization(app, { name: 'Client Org' });
  server = createServerClient({ baseUrl: `${app.url}/`, secretKey: org.secretToken });
  project = await server.projects.create({
    name: 'Client App',
    allowedOrigin: origin,
    redirectUrl: `${origin}/callback`,
  });
  browser = createBrowserClient({ baseUrl: app.url, projectId: project.id, clientToken: project.clientToken });
});
afterAll(async () => {
  await app?.stop();
});

async function catchError(promise: Promise<unknown>): Promise<UAuthError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UAuthError);
    return error as UAuthError;
  }
  throw new Error('expected a UAuthError');
}

const latestCode = (email: string) => latestCodeAt(app.url, email);

describe('createServerClient', () => {
  it('projects: create, list, get, update, delete', async () => {
    expect(project).toMatchObject({
      name: 'Client App',
      allowedOrigin: origin,
      sessionValidSeconds: 3600,
      emailSubject: null,
    });
    expect(project.clientToken).toMatch(/^ck_/);

    const second = await server.projects.create({ name: 'Second', allowedOrigin: origin, redirectUrl: `${origin}/cb` });
    expect((await server.projects.list()).map((p) => p.id)).toEqual([project.id, second.id]);
    expect(await server.projects.get(second.id)).toEqual(second);

    const updated = await server.projects.update(second.id, {
      name: 'Second, renamed',
      allowedOrigin: origin,
      redirectUrl: `${origin}/cb`,
      sessionValidSeconds: 86_400,
      emailSubject: 'Your link',
    });
    expect(updated).toMatchObject({
      id: second.id,
      name: 'Second, renamed',
      sessionValidSeconds: 86_400,
      emailSubject: 'Your link',
    });

    await expect(server.projects.delete(second.id)).resolves.toBeUndefined();
    const gone = await catchError(server.projects.get(second.id));
    expect(gone).toMatchObject({ status: 404, code: 'not_found', title: 'Not found' });
    expect(gone.problem).toMatchObject({ status: 404, code: 'not_found', type: 'urn:uauth:error:not_found' });
  });

  it('a validation failure is a UAuthError with the per-field errors', async () => {
    const error = await catchError(
      server.projects.create({ name: '', allowedOrigin: 'https://a.example/path', redirectUrl: 'nope' }),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe('validation_failed');
    expect(error.detail).toMatch(/name/);
    expect(error.errors?.map((e) => e.path).sort()).toEqual(['allowedOrigin', 'name', 'redirectUrl']);
    expect(error.message).toMatch(/^400 Validation failed:/);
  });

  it('a wrong secret key is 401', async () => {
    const stranger = createServerClient({ baseUrl: app.url, secretKey: `sk_${'x'.repeat(43)}` });
    expect(await catchError(stranger.projects.list())).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('workflows: create, list, get, update, delete; createHostedLogin and getHostedLogin', async () => {
    const workflow = await server.workflows.create(project.id, {
      policyId: 'sign_in',
      clientRedirectUrl: `${origin}/uauth/return`,
      name: 'Main',
    });
    expect(workflow).toMatchObject({ projectId: project.id, policyId: 'sign_in', name: 'Main' });
    expect(await server.workflows.list(project.id)).toEqual([workflow]);
    expect(await server.workflows.get(project.id, workflow.workflowKey)).toEqual(workflow);
    const updated = await server.workflows.update(project.id, workflow.workflowKey, {
      policyId: 'sign_up_sign_in',
      clientRedirectUrl: `${origin}/uauth/return`,
    });
    expect(updated).toMatchObject({ workflowKey: workflow.workflowKey, policyId: 'sign_up_sign_in', name: null });

    const started = await server.createHostedLogin({ workflowKey: workflow.workflowKey, state: 'xyz' });
    expect(started.getSessionUrl).toBe(`${app.url}/uauth?sessionId=${started.sessionId}`);
    expect(started.sessionId).toMatch(/^[0-9a-f]{32}$/);
    expect(await server.getHostedLogin(started.sessionId)).toMatchObject({
      workflowKey: workflow.workflowKey,
      policyId: 'sign_up_sign_in',
      clientRedirectUrl: `${origin}/uauth/return`,
      status: 'pending',
    });
    expect(await catchError(server.getHostedLogin('0'.repeat(32)))).toMatchObject({ status: 404 });
    expect(await catchError(server.getHostedLogin('not-hex'))).toMatchObject({
      status: 400,
      code: 'validation_failed',
    });

    await server.workflows.delete(project.id, workflow.workflowKey);
    expect(await server.workflows.list(project.id)).toEqual([]);
    expect(await catchError(server.createHostedLogin({ workflowKey: workflow.workflowKey }))).toMatchObject({
      status: 409,
      code: 'workflow_invalid',
    });
  });
});

describe('createServerClient: users, sessions and keys', () => {
  it('projects with several origins and redirect URLs; send names one of them', async () => {
    const lists = await server.projects.create({
      name: 'Lists',
      allowedOrigins: [origin, 'https://staging.example.com'],
      redirectUrls: [`${origin}/callback`, `${origin}/other`],
    });
    expect(lists).toMatchObject({ allowedOrigin: origin, redirectUrl: `${origin}/callback` });
    expect(lists.allowedOrigins).toEqual([origin, 'https://staging.example.com']);
    const client = createBrowserClient({ baseUrl: app.url, projectId: lists.id, clientToken: lists.clientToken });
    const email = randomEmail('lists');
    await client.sendChallenge({ emailAddress: email, redirectUrl: `${origin}/other` });
    const refused = await catchError(client.sendChallenge({ emailAddress: email, redirectUrl: `${origin}/nope` }));
    expect(refused).toMatchObject({ status: 400, errors: [{ path: 'redirectUrl', message: expect.any(String) }] });
    await server.projects.delete(lists.id);
  });

  it('users.list/get/listSessions/revokeSessions/delete, sessions.revoke', async () => {
    const emails = [randomEmail('u1'), randomEmail('u2'), randomEmail('u3')];
    const codes: string[] = [];
    for (const email of emails) {
      await browser.sendChallenge({ emailAddress: email });
      codes.push((await browser.verifyChallenge(await latestCode(email))).session.code);
    }
    const page1 = await server.users.list(project.id, { limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await server.users.list(project.id, { limit: 2, cursor: page1.nextCursor ?? '' });
    expect(page2.nextCursor).toBeNull();
    const all = [...page1.items, ...page2.items].filter((u) => emails.includes(u.emailAddress));
    expect(all.map((u) => u.emailAddress)).toEqual(emails);
    const { items: found } = await server.users.list(project.id, { email: emails[1] ?? '' });
    expect(found).toHaveLength(1);
    const user = found[0];
    if (!user) throw new Error('no user');
    expect(await server.users.get(project.id, user.userHash)).toEqual(user);

    const sessions = await server.users.listSessions(project.id, user.userHash);
    expect(sessions).toMatchObject({ items: [{ status: 'active', revokedAt: null }], nextCursor: null });
    await expect(server.users.revokeSessions(project.id, user.userHash)).resolves.toBeUndefined();
    expect(await browser.getSession(codes[1] ?? '')).toMatchObject({ status: 'revoked' });

    const first = all[0];
    if (!first) throw new Error('no user');
    const [session] = (await server.users.listSessions(project.id, first.userHash)).items;
    await expect(server.sessions.revoke(project.id, session?.id ?? '')).resolves.toBeUndefined();
    expect(await browser.getSession(codes[0] ?? '')).toMatchObject({ status: 'revoked' });

    await expect(server.users.delete(project.id, user.userHash)).resolves.toBeUndefined();
    expect(await catchError(server.users.get(project.id, user.userHash))).toMatchObject({ status: 404 });
    expect(await catchError(browser.getSession(codes[1] ?? ''))).toMatchObject({ status: 404 });
  });

  it('keys.list/create/revoke; a client token in place of the key is 403', async () => {
    const before = await server.keys.list();
    const created = await server.keys.create({ name: 'From the client' });
    expect(created.secretToken).toMatch(/^sk_/);
    const other = createServerClient({ baseUrl: app.url, secretKey: created.secretToken });
    expect((await other.keys.list()).map((k) => k.id)).toEqual([created.id, ...before.map((k) => k.id)]);
    await expect(server.keys.revoke(created.id)).resolves.toBeUndefined();
    expect(await catchError(other.projects.list())).toMatchObject({ status: 401, code: 'unauthorized' });
    const misused = createServerClient({ baseUrl: app.url, secretKey: project.clientToken });
    expect(await catchError(misused.keys.list())).toMatchObject({ status: 403, code: 'forbidden' });
  });
});

describe('createBrowserClient', () => {
  it('sendChallenge → verifyChallenge → getSession → getUser → signOut', async () => {
    const email = randomEmail('client');
    const sent = await browser.sendChallenge({ emailAddress: email, state: 'st-1' });
    expect(sent.status).toBe('sent');
    expect(Date.parse(sent.expiresAt)).toBeGreaterThan(Date.now());

    const code = await latestCode(email);
    const verified = await browser.verifyChallenge(code);
    expect(verified).toMatchObject({
      status: 'verified',
      session: { status: 'active' },
      user: { emailAddress: email },
    });
    const sessionCode = verified.session.code;

    const used = await catchError(browser.verifyChallenge(code));
    expect(used).toMatchObject({ status: 409, code: 'challenge_used', title: 'Challenge already used' });

    expect(await browser.getSession(sessionCode)).toMatchObject({ code: sessionCode, status: 'active' });
    expect(await browser.getUser(sessionCode)).toEqual(verified.user);

    await expect(browser.signOut(sessionCode)).resolves.toBeUndefined();
    await expect(browser.signOut(sessionCode)).resolves.toBeUndefined();
    expect(await browser.getSession(sessionCode)).toMatchObject({ status: 'revoked' });
    const inactive = await catchError(browser.getUser(sessionCode));
    expect(inactive).toMatchObject({ status: 403, code: 'session_inactive' });
    expect(inactive.detail).toMatch(/revoked/);
  });

  it('errors: bad email 400, unknown session 404, unknown code 404, wrong token 401', async () => {
    expect(await catchError(browser.sendChallenge({ emailAddress: 'not-an-email' }))).toMatchObject({
      status: 400,
      errors: [{ path: 'emailAddress', message: expect.any(String) }],
    });
    expect(await catchError(browser.getSession('no-such-session'))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await catchError(browser.verifyChallenge('no-such-code'))).toMatchObject({ status: 404 });
    const wrong = createBrowserClient({ baseUrl: app.url, projectId: project.id, clientToken: 'ck_unknown' });
    expect(await catchError(wrong.getUser('x'))).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('a server that is not there is a network_error', async () => {
    const nowhere = createBrowserClient({
      baseUrl: 'http://127.0.0.1:9',
      projectId: project.id,
      clientToken: project.clientToken,
    });
    expect(await catchError(nowhere.getSession('x'))).toMatchObject({ status: 0, code: 'network_error' });
  });
});

describe('lib/client has no runtime dependency', () => {
  it('imports only type-only modules outside lib/client', () => {
    const dir = path.join(root, 'lib/client');
    for (const file of readdirSync(dir)) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      for (const match of source.matchAll(/^(import|export)\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)) {
        const [statement, , typeOnly, from] = match;
        if (from?.startsWith('./')) continue;
        expect(typeOnly, `${file}: ${statement}`).toBe('type ');
      }
    }
  });
});

// The @uauth/client package (packages/client, built: its dist, through the workspace link)
// against the built app (next start + a fresh PostgreSQL database): every method of
// createServerClient and createBrowserClient, UAuthError carrying the problem JSON, and
// verifyAccessToken / createTokenVerifier against the project's JWKS. Also: the package
// imports nothing of the app.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  AccessTokenError,
  type BrowserClient,
  createBrowserClient,
  createServerClient,
  createTokenVerifier,
  type FetchLike,
  type Project,
  type ServerClient,
  UAuthError,
  verifyAccessToken,
} from '@uauth/client';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, latestCode as latestCodeAt, randomEmail, runCli } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { assertClientBuilt, clientDir } from '../support/client-package';
import { connect } from '../support/postgres';

let app: AppServer;
let server: ServerClient;
let project: Project;
let browser: BrowserClient;

const origin = 'http://localhost:4321';

beforeAll(async () => {
  assertClientBuilt();
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
  it('sendChallenge → verifyChallenge → getSession → getUser → refresh → signOut', async () => {
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

    const refreshed = await browser.refresh(sessionCode);
    expect(refreshed).toMatchObject({ status: 'active', session: { code: sessionCode, status: 'active' } });
    // (signed anew: within the same second as verify's, with the same claims, it is the same token)
    expect(decodeJwt(refreshed.accessToken)).toMatchObject({ sub: verified.user.userHash, email });
    expect(decodeJwt(refreshed.accessToken).iat).toBeGreaterThanOrEqual(decodeJwt(verified.accessToken).iat ?? 0);
    expect(refreshed.accessTokenExpiresAt).toBe(
      new Date((decodeJwt(refreshed.accessToken).exp ?? 0) * 1000).toISOString(),
    );

    await expect(browser.signOut(sessionCode)).resolves.toBeUndefined();
    await expect(browser.signOut(sessionCode)).resolves.toBeUndefined();
    expect(await browser.getSession(sessionCode)).toMatchObject({ status: 'revoked' });
    const inactive = await catchError(browser.getUser(sessionCode));
    expect(inactive).toMatchObject({ status: 403, code: 'session_inactive' });
    expect(inactive.detail).toMatch(/revoked/);
    expect(await catchError(browser.refresh(sessionCode))).toMatchObject({ status: 403, code: 'session_inactive' });
  });

  it('errors: bad email 400, unknown session 404, unknown code 404, wrong token 401', async () => {
    expect(await catchError(browser.sendChallenge({ emailAddress: 'not-an-email' }))).toMatchObject({
      status: 400,
      errors: [{ path: 'emailAddress', message: expect.any(String) }],
    });
    expect(await catchError(browser.getSession('no-such-session'))).toMatchObject({ status: 404, code: 'not_found' });
    expect(await catchError(browser.refresh('no-such-session'))).toMatchObject({ status: 404, code: 'not_found' });
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

describe('verifyAccessToken and createTokenVerifier', () => {
  /** A fetch that counts the JWKS requests it makes. */
  function countingFetch(): { fetch: FetchLike; jwksRequests: () => number } {
    let count = 0;
    return {
      fetch: (input, init) => {
        if (String(input).endsWith('/jwks.json')) count += 1;
        return fetch(input, init);
      },
      jwksRequests: () => count,
    };
  }

  async function catchTokenError(promise: Promise<unknown>): Promise<AccessTokenError> {
    try {
      await promise;
    } catch (error) {
      expect(error).toBeInstanceOf(AccessTokenError);
      return error as AccessTokenError;
    }
    throw new Error('expected an AccessTokenError');
  }

  async function signIn(client: BrowserClient, tag: string) {
    const email = randomEmail(tag);
    await client.sendChallenge({ emailAddress: email });
    return { email, verified: await client.verifyChallenge(await latestCode(email)) };
  }

  const options = () => ({ baseUrl: app.url, projectId: project.id });

  it('a good token: its claims, the JWKS fetched once and cached', async () => {
    const { email, verified } = await signIn(browser, 'token-good');
    const { fetch: counting, jwksRequests } = countingFetch();
    const verifier = createTokenVerifier({ ...options(), fetch: counting });
    expect(verifier.jwksUrl).toBe(`${app.url}/api/projects/${project.id}/jwks.json`);

    const claims = await verifier.verify(verified.accessToken);
    const [session] = (await server.users.listSessions(project.id, verified.user.userHash)).items;
    expect(claims).toEqual({
      iss: app.url,
      aud: project.id,
      sub: verified.user.userHash,
      email,
      sid: session?.id,
      iat: expect.any(Number),
      exp: Date.parse(verified.accessTokenExpiresAt) / 1000,
    });
    expect(claims.exp - claims.iat).toBe(300);
    const refreshed = await browser.refresh(verified.session.code);
    expect(await verifier.verify(refreshed.accessToken)).toMatchObject({
      sub: verified.user.userHash,
      sid: session?.id,
    });
    expect(jwksRequests()).toBe(1);

    // the shared form: one cache per options, and a trailing slash in baseUrl is the same issuer
    expect(await verifyAccessToken(verified.accessToken, { ...options(), baseUrl: `${app.url}/` })).toEqual(claims);
  });

  it('an expired token is `expired` (beyond a 5 s clock tolerance)', async () => {
    const { verified } = await signIn(browser, 'token-expired');
    const { exp } = decodeJwt(verified.accessToken);
    const at = (seconds: number) => new Date(((exp ?? 0) + seconds) * 1000);
    expect(await verifyAccessToken(verified.accessToken, { ...options(), currentDate: at(4) })).toMatchObject({ exp });
    const expired = await catchTokenError(
      verifyAccessToken(verified.accessToken, { ...options(), currentDate: at(6) }),
    );
    expect(expired.code).toBe('expired');
    const strict = await catchTokenError(
      verifyAccessToken(verified.accessToken, { ...options(), clockToleranceSeconds: 0, currentDate: at(1) }),
    );
    expect(strict.code).toBe('expired');
  });

  it("another project's token, another issuer, a tampered token, not a JWT: refused", async () => {
    const other = await server.projects.create({ name: 'Other', allowedOrigin: origin, redirectUrl: `${origin}/cb` });
    const otherClient = createBrowserClient({ baseUrl: app.url, projectId: other.id, clientToken: other.clientToken });
    const { verified: theirs } = await signIn(otherClient, 'token-other');
    // valid at its own project, signed by a key this project does not publish
    expect(await verifyAccessToken(theirs.accessToken, { baseUrl: app.url, projectId: other.id })).toMatchObject({
      aud: other.id,
    });
    const foreign = await catchTokenError(verifyAccessToken(theirs.accessToken, options()));
    expect(foreign.code).toBe('unknown_key');

    const { verified: mine } = await signIn(browser, 'token-tampered');
    const wrongIssuer = await catchTokenError(
      verifyAccessToken(mine.accessToken, { ...options(), issuer: 'https://auth.elsewhere.example' }),
    );
    expect(wrongIssuer.code).toBe('invalid');
    expect(wrongIssuer.message).toMatch(/iss/);

    const [header, payload, signature] = mine.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, email: 'mallory@example.com' })).toString('base64url');
    const tampered = await catchTokenError(verifyAccessToken(`${header}.${forged}.${signature}`, options()));
    expect(tampered.code).toBe('invalid');
    expect(tampered.message).toMatch(/signature/);
    expect((await catchTokenError(verifyAccessToken('not-a-jwt', options()))).code).toBe('invalid');
    // alg none, with a kid of the project
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: decodeProtectedHeader(mine.accessToken).kid })).toString('base64url')}.${payload}.`;
    expect((await catchTokenError(verifyAccessToken(none, options()))).code).toBe('invalid');
    await server.projects.delete(other.id);
  });

  it('an unknown kid: one re-fetch after the cooldown, still unknown → unknown_key; no re-fetch within it', async () => {
    const { verified } = await signIn(browser, 'token-kid');
    const { fetch: counting, jwksRequests } = countingFetch();
    const verifier = createTokenVerifier({ ...options(), fetch: counting, cooldownSeconds: 1 });
    await verifier.verify(verified.accessToken);
    expect(jwksRequests()).toBe(1);

    // a well-formed token with every right claim, signed by a key UAuth never published
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const real = decodeJwt(verified.accessToken);
    const stranger = await new SignJWT({ email: real.email, sid: real.sid })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: 'not-a-uauth-kid' })
      .setIssuer(app.url)
      .setAudience(project.id)
      .setSubject(real.sub ?? '')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

    // within the cooldown: a flood of unknown kids makes no request
    const flood = await Promise.all(Array.from({ length: 20 }, () => catchTokenError(verifier.verify(stranger))));
    expect(flood.every((e) => e.code === 'unknown_key')).toBe(true);
    expect(jwksRequests()).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const unknown = await catchTokenError(verifier.verify(stranger));
    expect(unknown.code).toBe('unknown_key');
    expect(jwksRequests()).toBe(2);
    await Promise.all(Array.from({ length: 20 }, () => catchTokenError(verifier.verify(stranger))));
    expect(jwksRequests()).toBe(2);
    expect(await verifier.verify(verified.accessToken)).toMatchObject({ aud: project.id });
  });

  it('a rotated key: a token of the new kid makes one re-fetch and verifies', async () => {
    if (!app.databaseUrl) throw new Error('needs PostgreSQL');
    const sql = connect(app.databaseUrl);
    try {
      const { verified } = await signIn(browser, 'token-rotated');
      const { fetch: counting, jwksRequests } = countingFetch();
      const verifier = createTokenVerifier({ ...options(), fetch: counting, cooldownSeconds: 0 });
      await verifier.verify(verified.accessToken);
      const oldKid = decodeProtectedHeader(verified.accessToken).kid;

      const rotated = await runCli(app.env, ['keys', 'rotate', '--project', project.id]);
      expect(rotated.code, rotated.stderr).toBe(0);
      // the staged key signs from now on (as if its activation time had come)
      await sql`update signing_keys set activates_at = now() - interval '1 second'
        where project_id = ${project.id} and kid <> ${oldKid ?? ''}`;
      const refreshed = await browser.refresh(verified.session.code);
      expect(decodeProtectedHeader(refreshed.accessToken).kid).not.toBe(oldKid);

      expect(await verifier.verify(refreshed.accessToken)).toMatchObject({ sub: verified.user.userHash });
      expect(jwksRequests()).toBe(2);
      expect(await verifier.verify(verified.accessToken)).toMatchObject({ sub: verified.user.userHash });
      expect(jwksRequests()).toBe(2);
    } finally {
      await sql.end();
    }
  });

  it('a JWKS that cannot be read is jwks_unavailable', async () => {
    const { verified } = await signIn(browser, 'token-nojwks');
    const nowhere = await catchTokenError(
      verifyAccessToken(verified.accessToken, {
        baseUrl: 'http://127.0.0.1:9',
        projectId: project.id,
        issuer: app.url,
      }),
    );
    expect(nowhere.code).toBe('jwks_unavailable');
    const unknownProject = await catchTokenError(
      verifyAccessToken(verified.accessToken, { ...options(), projectId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknownProject.code).toBe('jwks_unavailable');
  });
});

describe('the package imports nothing of the app', () => {
  it('packages/client/src imports only its own modules, jose and next', () => {
    const seen = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const full = path.join(dir, entry);
        if (statSync(full).isDirectory()) {
          walk(full);
          continue;
        }
        const source = readFileSync(full, 'utf8');
        for (const match of source.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+'([^']+)'/gm)) {
          const from = match[1] ?? '';
          if (from.startsWith('.')) {
            expect(from, `${full}: relative imports name their .js file`).toMatch(/\.js$/);
            expect(path.resolve(dir, from).startsWith(path.join(clientDir, 'src')), `${full}: ${from}`).toBe(true);
          } else {
            seen.add(from);
          }
        }
      }
    };
    walk(path.join(clientDir, 'src'));
    expect([...seen].sort()).toEqual(['jose', 'next/headers.js', 'next/server.js']);
  });
});

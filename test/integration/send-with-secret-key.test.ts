// POST /api/challenge/send from an app's server with the organization secret key instead of
// the client token: every transport of the key, only the organization's live projects, no
// Origin check, and the x-uauth-end-user-ip header validated (its counting is proved in
// test/security/send-limits.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, mailbox, randomEmail, sendChallenge, setupProject, type TestProject } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { connect } from '../support/postgres';

let app: AppServer;
let project: TestProject;
let secretToken: string;
let organizationId: string;

beforeAll(async () => {
  app = await startApp();
  ({ project, secretToken, organizationId } = await setupProject(app));
});
afterAll(async () => {
  await app?.stop();
});

/** POST /api/challenge/send with the secret key in one transport (and no client token). */
function sendAsServer(
  transport: 'header' | 'bearer' | 'query',
  key: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const query = transport === 'query' ? `?secretToken=${encodeURIComponent(key)}` : '';
  const credential: Record<string, string> =
    transport === 'header'
      ? { 'x-upid-organization-key': key }
      : transport === 'bearer'
        ? { authorization: `Bearer ${key}` }
        : {};
  return api(app.url, 'POST', `/api/challenge/send${query}`, { body, headers: { ...credential, ...headers } });
}

describe('POST /api/challenge/send with the organization secret key', () => {
  it.each(['header', 'bearer', 'query'] as const)(
    'in the %s transport: 201, the same body as with a client token, and the email',
    async (transport) => {
      const email = randomEmail(`server-${transport}`);
      const res = await sendAsServer(transport, secretToken, {
        projectId: project.id,
        emailAddress: email,
        state: 'st',
      });
      expect(res.status, res.text).toBe(201);
      expect(res.data).toEqual({ status: 'sent', expiresAt: expect.any(String) });
      const messages = await mailbox(app.url, email);
      expect(messages).toHaveLength(1);
      expect(messages[0]!.links[0]).toMatch(/\/l\/[A-Za-z0-9_-]+$/);
      // and the body has the client token's shape
      const asClient = await sendChallenge(app.url, project, randomEmail('client'));
      expect(Object.keys(asClient.data).sort()).toEqual(Object.keys(res.data).sort());
    },
  );

  it('needs no Origin check: a server call that happens to carry a foreign Origin is still sent', async () => {
    const email = randomEmail('server-origin');
    const res = await sendAsServer(
      'header',
      secretToken,
      { projectId: project.id, emailAddress: email },
      { origin: 'https://elsewhere.example' },
    );
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await mailbox(app.url, email)).toHaveLength(1);
    // the same Origin with the client token is refused, as before
    expect(
      (await sendChallenge(app.url, project, randomEmail(), { headers: { origin: 'https://elsewhere.example' } }))
        .status,
    ).toBe(403);
  });

  it("another organization's project, an unknown one and a deleted one answer 404 and send nothing", async () => {
    const other = await setupProject(app, { name: 'Other org' });
    const foreign = randomEmail('foreign');
    const res = await sendAsServer('header', secretToken, { projectId: other.project.id, emailAddress: foreign });
    expect(res.status, res.text).toBe(404);
    expect(res.data.code).toBe('not_found');
    expect(await mailbox(app.url, foreign)).toHaveLength(0);

    expect(
      (await sendAsServer('bearer', secretToken, { projectId: crypto.randomUUID(), emailAddress: randomEmail() }))
        .status,
    ).toBe(404);

    const doomed = await api(app.url, 'POST', '/api/projects', {
      headers: { 'x-upid-organization-key': secretToken },
      body: { name: 'Doomed', allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/cb' },
    });
    expect(
      (
        await api(app.url, 'DELETE', `/api/projects/${doomed.data.id}`, {
          headers: { 'x-upid-organization-key': secretToken },
        })
      ).status,
    ).toBe(204);
    const gone = randomEmail('deleted');
    expect((await sendAsServer('query', secretToken, { projectId: doomed.data.id, emailAddress: gone })).status).toBe(
      404,
    );
    expect(await mailbox(app.url, gone)).toHaveLength(0);
  });

  it('a missing or malformed projectId is 400, as with a client token', async () => {
    const missing = await sendAsServer('header', secretToken, { emailAddress: randomEmail() });
    expect(missing.status).toBe(400);
    expect(missing.data.errors).toEqual([{ path: 'projectId', message: 'is required' }]);
    expect((await sendAsServer('header', secretToken, { projectId: 'nope', emailAddress: randomEmail() })).status).toBe(
      400,
    );
  });

  it('an unknown key (each transport) and a revoked key answer 401 and send nothing', async () => {
    for (const transport of ['header', 'bearer', 'query'] as const) {
      const email = randomEmail(`unknown-${transport}`);
      const res = await sendAsServer(transport, `sk_${'x'.repeat(43)}`, { projectId: project.id, emailAddress: email });
      expect(res.status, `${transport}: ${res.text}`).toBe(401);
      expect(res.data.code).toBe('unauthorized');
      expect(await mailbox(app.url, email)).toHaveLength(0);
    }
    // an unknown key wins over a valid client token in the same request: the key is what was presented
    const mixed = await sendAsServer('header', `sk_${'y'.repeat(43)}`, {
      projectId: project.id,
      clientToken: project.clientToken,
      emailAddress: randomEmail(),
    });
    expect(mixed.status).toBe(401);

    const revokedOrg = await setupProject(app, { name: 'Revoked' });
    const sql = connect(app.databaseUrl!);
    try {
      await sql`update secret_keys set revoked_at = now() where organization_id = ${revokedOrg.organizationId}`;
    } finally {
      await sql.end();
    }
    const email = randomEmail('revoked');
    const res = await sendAsServer('header', revokedOrg.secretToken, {
      projectId: revokedOrg.project.id,
      emailAddress: email,
    });
    expect(res.status, res.text).toBe(401);
    expect(await mailbox(app.url, email)).toHaveLength(0);
    // the organization of this file is untouched
    expect(organizationId).not.toBe(revokedOrg.organizationId);
  });

  it("the client-token statuses are unchanged: none 401, unknown 401, another project's 403", async () => {
    const none = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: project.id, emailAddress: randomEmail() },
    });
    expect(none.status).toBe(401);
    expect(none.data.detail).toMatch(/client token/i);
    const unknown = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: project.id, clientToken: 'ck_unknown', emailAddress: randomEmail() },
    });
    expect(unknown.status).toBe(401);
    const sibling = await setupProject(app, { name: 'Sibling' });
    const foreignToken = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: project.id, clientToken: sibling.project.clientToken, emailAddress: randomEmail() },
    });
    expect(foreignToken.status).toBe(403);
  });

  it('x-uauth-end-user-ip: a malformed value is 400 naming the header, and nothing is sent', async () => {
    for (const value of ['not-an-ip', '300.1.2.3', '10.0.0.1, 10.0.0.2', '2001:db8::1::2', '']) {
      const email = randomEmail('bad-ip');
      const res = await sendAsServer(
        'header',
        secretToken,
        { projectId: project.id, emailAddress: email },
        { 'x-uauth-end-user-ip': value },
      );
      expect(res.status, `${JSON.stringify(value)}: ${res.text}`).toBe(400);
      expect(res.data.code).toBe('validation_failed');
      expect(res.data.detail).toContain('x-uauth-end-user-ip');
      expect(res.data.errors).toEqual([{ path: 'x-uauth-end-user-ip', message: 'must be an IPv4 or IPv6 address' }]);
      expect(await mailbox(app.url, email)).toHaveLength(0);
    }
    for (const value of ['203.0.113.9', ' 2001:db8::7 ', '::ffff:198.51.100.4']) {
      const res = await sendAsServer(
        'bearer',
        secretToken,
        { projectId: project.id, emailAddress: randomEmail('good-ip') },
        { 'x-uauth-end-user-ip': value },
      );
      expect(res.status, `${value}: ${res.text}`).toBe(201);
    }
  });

  it('a client-token caller may send x-uauth-end-user-ip, malformed or not: it is ignored', async () => {
    const res = await sendChallenge(app.url, project, randomEmail('client-ip'), {
      headers: { 'x-uauth-end-user-ip': 'not-an-ip' },
    });
    expect(res.status, res.text).toBe(201);
  });
});

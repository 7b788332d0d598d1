// Signed access tokens against the real app (next start + PostgreSQL): verify's accessToken
// (exact header and claims, verified with jose against the JWKS the endpoint serves), the JWKS
// endpoint (headers, CORS, 404/400, no private part), private keys sealed at rest, staged
// rotation through the CLI and the dashboard (a short ACCESS_TOKEN_TTL_SECONDS, and
// activates_at back-dated in SQL instead of waiting), a project's first key made exactly once
// under concurrent first use and at start-up, housekeeping of unpublished keys, and the CLI
// through the control socket of an embedded app.
import { createDecipheriv, createHash, createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createProject,
  randomEmail,
  runCli,
  secretKeyHeader,
  sendMagicLink,
  setupProject,
  verifyChallenge,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createProjectInDashboard, request, signIn, submitForm } from '../support/dashboard';
import { connect, createTestDatabase, type TestDatabase } from '../support/postgres';
import { expectProblem } from '../support/problem';

type Project = { id: string; clientToken: string; name: string };

const TTL = 60;
const env = {
  ACCESS_TOKEN_TTL_SECONDS: String(TTL),
  RATE_LIMIT_SEND_PER_ADDRESS: '100/1m',
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: '100/1m',
  HOUSEKEEPING_GRACE_SECONDS: '60',
  HOUSEKEEPING_INTERVAL_SECONDS: '0',
};

let db: TestDatabase;
let app: AppServer;
let sql: ReturnType<typeof connect>;
let secretToken: string;
let organizationId: string;
let project: Project;
let other: Project; // another organization's project

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp({ databaseUrl: db.url, env });
  sql = connect(db.url);
  ({ secretToken, organizationId, project } = await setupProject(app));
  other = (await setupProject(app, { name: 'Other Org App' })).project;
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
  await db?.drop();
});

// ---------------------------------------------------------------- helpers

const jwksPath = (projectId: string) => `/api/projects/${projectId}/jwks.json`;

async function fetchJwks(projectId: string): Promise<JSONWebKeySet> {
  const res = await api(app.url, 'GET', jwksPath(projectId));
  expect(res.status, res.text).toBe(200);
  return res.data;
}

/** jose.jwtVerify against the JWKS the endpoint serves now, with the checks an app makes. */
async function verifyWithJwks(token: string, projectId: string) {
  return jwtVerify(token, createLocalJWKSet(await fetchJwks(projectId)), {
    issuer: app.url,
    audience: projectId,
    algorithms: ['EdDSA'],
  });
}

/**
 * The test clock: moves every key of the project back in time (order kept) so that `kid`
 * activated `seconds` ago — as if that much time had passed since the rotation.
 */
async function activatedAgo(projectId: string, kid: string, seconds: number) {
  await sql`update signing_keys set activates_at = activates_at -
      ((select activates_at from signing_keys where kid = ${kid}) - (now() - ${`${seconds} seconds`}::interval))
    where project_id = ${projectId}`;
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid;
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

async function keysOf(projectId: string) {
  return sql<{ kid: string; activates_at: Date }[]>`
    select kid, activates_at from signing_keys where project_id = ${projectId} order by activates_at`;
}

/** Opens a sealed private key the way the app does: AES-256-GCM under HKDF(SESSION_SECRET, `label`), bound to the kid. */
function unsealWith(label: string, sealed: string, kid: string): { pkcs8: string } | null {
  const key = Buffer.from(hkdfSync('sha256', app.env.SESSION_SECRET ?? '', 'uauth', label, 32));
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(kid, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString());
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- verify's access token

describe('POST /api/challenge/verify answers a signed access token', () => {
  it('has the exact header and claims, and verifies with jose against the JWKS endpoint', async () => {
    const email = randomEmail('token');
    const { code } = await sendMagicLink(app.url, project, email);
    const before = Math.floor(Date.now() / 1000);
    const verified = await verifyChallenge(app.url, project, code);
    const after = Math.floor(Date.now() / 1000);
    expect(verified.status, verified.text).toBe(200);
    expect(Object.keys(verified.data).sort()).toEqual([
      'accessToken',
      'accessTokenExpiresAt',
      'session',
      'status',
      'user',
    ]);
    const { accessToken, accessTokenExpiresAt, session, user } = verified.data;

    const [stored] = await sql`select id from sessions where code_hash = ${sha256(session.code)}`;
    const [key] = await keysOf(project.id);
    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: 'EdDSA', typ: 'JWT', kid: key?.kid });
    const claims = decodeJwt(accessToken);
    expect(claims).toEqual({
      iss: app.url,
      aud: project.id,
      sub: user.userHash,
      email,
      sid: stored?.id,
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    expect(claims.sid).not.toBe(session.code);
    expect(claims.iat).toBeGreaterThanOrEqual(before);
    expect(claims.iat).toBeLessThanOrEqual(after);
    expect(claims.exp).toBe((claims.iat ?? 0) + TTL);
    expect(accessTokenExpiresAt).toBe(new Date((claims.exp ?? 0) * 1000).toISOString());

    const { payload, protectedHeader } = await verifyWithJwks(accessToken, project.id);
    expect(payload.sub).toBe(user.userHash);
    expect(protectedHeader.kid).toBe(key?.kid);
  });

  it('a token does not pass for another project, nor once altered', async () => {
    const signed = await signInUserWithToken(project);
    // another project's keys and audience
    await expect(
      jwtVerify(signed, createLocalJWKSet(await fetchJwks(other.id)), { issuer: app.url, audience: other.id }),
    ).rejects.toThrow();
    await expect(
      jwtVerify(signed, createLocalJWKSet(await fetchJwks(project.id)), { issuer: app.url, audience: other.id }),
    ).rejects.toThrow();
    // a changed claim breaks the signature
    const [header, , signature] = signed.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(signed), sub: 'someone-else' })).toString('base64url');
    await expect(verifyWithJwks(`${header}.${forged}.${signature}`, project.id)).rejects.toThrow(/signature/i);
  });
});

/** A sign-in of a new address; the access token of its verify. */
async function signInUserWithToken(p: Project, email = randomEmail('t')): Promise<string> {
  const { code } = await sendMagicLink(app.url, p, email);
  const verified = await verifyChallenge(app.url, p, code);
  expect(verified.status, verified.text).toBe(200);
  return verified.data.accessToken;
}

// ---------------------------------------------------------------- JWKS

describe('GET /api/projects/{projectId}/jwks.json', () => {
  it('is public, cacheable and readable from any origin, with only public key members', async () => {
    const res = await api(app.url, 'GET', jwksPath(project.id), { headers: { origin: 'https://evil.example' } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(Object.keys(res.data)).toEqual(['keys']);
    const [key] = await keysOf(project.id);
    expect(res.data.keys).toEqual([
      {
        kty: 'OKP',
        crv: 'Ed25519',
        x: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        kid: key?.kid,
        alg: 'EdDSA',
        use: 'sig',
      },
    ]);
    for (const jwk of res.data.keys) {
      expect(jwk).not.toHaveProperty('d');
      expect(Object.keys(jwk).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    }
    expect(res.text).not.toMatch(/"d"/);
  });

  it('answers 404 for an unknown or deleted project, 400 for a malformed id, as problem JSON any origin reads', async () => {
    const unknown = await api(app.url, 'GET', jwksPath(crypto.randomUUID()), {
      headers: { origin: 'https://x.example' },
    });
    expectProblem(unknown, 404, 'not_found');
    expect(unknown.headers.get('access-control-allow-origin')).toBe('*');
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    expectProblem(await api(app.url, 'GET', jwksPath('not-a-uuid')), 400, 'validation_failed');

    const doomed = await createProject(app.url, secretToken, { name: 'Doomed' });
    expect((await api(app.url, 'GET', jwksPath(doomed.id))).status).toBe(200);
    const deleted = await api(app.url, 'DELETE', `/api/projects/${doomed.id}`, {
      headers: secretKeyHeader(secretToken),
    });
    expect(deleted.status).toBe(204);
    expectProblem(await api(app.url, 'GET', jwksPath(doomed.id)), 404, 'not_found');

    const post = await api(app.url, 'POST', jwksPath(project.id));
    expectProblem(post, 405, 'method_not_allowed');
  });
});

// ---------------------------------------------------------------- at rest

describe('signing keys at rest', () => {
  it('keeps the private key only sealed, under its own key (not the outbox one), bound to its kid', async () => {
    const rows = await sql<{ kid: string; public_jwk: { x: string }; sealed_private_key: string }[]>`
      select kid, public_jwk, sealed_private_key from signing_keys where project_id = ${project.id}`;
    expect(rows.length).toBeGreaterThan(0);
    const [dump] = await sql<{ text: string }[]>`
      select coalesce(string_agg(row_to_json(k)::text, ' '), '') as text from signing_keys k`;
    for (const row of rows) {
      const opened = unsealWith('signing-key-seal-v1', row.sealed_private_key, row.kid);
      expect(opened, 'unseals with the signing-key label').not.toBeNull();
      const privateKey = createPrivateKey({
        key: Buffer.from(opened?.pkcs8 ?? '', 'base64url'),
        format: 'der',
        type: 'pkcs8',
      });
      // it is this kid's private key
      expect(createPublicKey(privateKey).export({ format: 'jwk' }).x).toBe(row.public_jwk.x);
      const d = privateKey.export({ format: 'jwk' }).d ?? '';
      const der = privateKey.export({ format: 'der', type: 'pkcs8' });
      expect(d.length).toBeGreaterThan(20);
      for (const secret of [d, der.toString('base64'), der.toString('base64url'), der.toString('hex')])
        expect(dump?.text).not.toContain(secret);
      expect(dump?.text).not.toMatch(/PRIVATE KEY|"d"\s*:/);
      // not the outbox's key, and not another kid's row
      expect(unsealWith('outbox-seal-v1', row.sealed_private_key, row.kid)).toBeNull();
      expect(unsealWith('signing-key-seal-v1', row.sealed_private_key, `${row.kid}x`)).toBeNull();
    }
  });
});

// ---------------------------------------------------------------- rotation

describe('staged rotation', () => {
  it('through the CLI: published at once, signs after TTL + max-age, the old key retires, then drops out and is purged', async () => {
    const p = await createProject(app.url, secretToken, { name: 'Rotating (CLI)' });
    const [first] = await keysOf(p.id);
    const firstToken = await signInUserWithToken(p);
    expect(kidOf(firstToken)).toBe(first?.kid);

    const started = Date.now();
    const rotated = await runCli(app.env, ['keys', 'rotate', '--project', p.id]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.json).toEqual({
      projectId: p.id,
      kid: expect.any(String),
      activatesAt: expect.any(String),
      created: true,
    });
    const next = rotated.json.kid as string;
    expect(next).not.toBe(first?.kid);
    const delay = Date.parse(rotated.json.activatesAt) - started;
    expect(delay).toBeGreaterThanOrEqual((TTL + 300) * 1000 - 1000);
    expect(delay).toBeLessThanOrEqual((TTL + 300) * 1000 + 10_000);

    // Before it activates: published beside the old key, which still signs.
    expect((await fetchJwks(p.id)).keys.map((k) => k.kid).sort()).toEqual([first?.kid, next].sort());
    const beforeToken = await signInUserWithToken(p);
    expect(kidOf(beforeToken)).toBe(first?.kid);
    await verifyWithJwks(beforeToken, p.id);

    // Rotating again while a key is staged makes nothing new.
    const again = await runCli(app.env, ['keys', 'rotate', '--project', p.id]);
    expect(again.json).toEqual({ ...rotated.json, created: false });
    expect(await keysOf(p.id)).toHaveLength(2);

    // It activates (back-dated rather than waited for): the new key signs, the old one is
    // still published, and a token it signed still verifies until its exp.
    await activatedAgo(p.id, next, 1);
    const afterToken = await signInUserWithToken(p);
    expect(kidOf(afterToken)).toBe(next);
    await verifyWithJwks(afterToken, p.id);
    expect((await fetchJwks(p.id)).keys.map((k) => k.kid).sort()).toEqual([first?.kid, next].sort());
    await verifyWithJwks(beforeToken, p.id);

    // Once every token of the old key has expired (TTL after the switch) it drops out.
    await activatedAgo(p.id, next, TTL + 1);
    expect((await fetchJwks(p.id)).keys.map((k) => k.kid)).toEqual([next]);
    await expect(verifyWithJwks(beforeToken, p.id)).rejects.toThrow();

    // Housekeeping deletes it after HOUSEKEEPING_GRACE_SECONDS (60 here); not before.
    const early = await runCli(app.env, ['housekeeping']);
    expect(early.code, early.stderr).toBe(0);
    expect(early.json.signingKeys).toBe(0);
    await activatedAgo(p.id, next, TTL + 61);
    const purged = await runCli(app.env, ['housekeeping']);
    expect(purged.json.signingKeys).toBe(1);
    expect((await keysOf(p.id)).map((k) => k.kid)).toEqual([next]);
    expect(kidOf(await signInUserWithToken(p))).toBe(next);

    const [audit] = await sql`select actor_email, target_type, target_id, details from audit_events
      where organization_id = ${organizationId} and action = 'signing_key.rotated' and target_id = ${next}`;
    expect(audit).toMatchObject({ actor_email: 'command line', target_type: 'signing_key' });
    expect(audit?.details).toMatchObject({ projectId: p.id, activatesAt: rotated.json.activatesAt });
  });

  it('the CLI refuses an unknown or deleted project and a missing --project', async () => {
    const unknown = await runCli(app.env, ['keys', 'rotate', '--project', crypto.randomUUID()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No project/);
    const missing = await runCli(app.env, ['keys', 'rotate']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/project/);
    const doomed = await createProject(app.url, secretToken, { name: 'Gone' });
    await api(app.url, 'DELETE', `/api/projects/${doomed.id}`, { headers: secretKeyHeader(secretToken) });
    const deleted = await runCli(app.env, ['keys', 'rotate', '--project', doomed.id]);
    expect(deleted.code).toBe(1);
    expect(await keysOf(doomed.id)).toHaveLength(1);
  });

  it('through the dashboard: the Credentials tab shows the JWKS URL and each key, rotates, and is audited', async () => {
    const email = randomEmail('dev');
    const { jar } = await signIn(app.url, email);
    const projectId = await createProjectInDashboard(app.url, jar, 'Rotating (dashboard)');
    const base = `/dashboard/projects/${projectId}`;
    const page = await request(app.url, jar, 'GET', base);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`${app.url}/api/projects/${projectId}/jwks.json`);
    const [first] = await keysOf(projectId);
    expect(keyRows(page.text)).toEqual([{ kid: first?.kid, state: 'signing' }]);

    const rotated = await submitForm(app.url, jar, base, 'rotate-signing-key', {});
    expect(rotated.status).toBe(303);
    expect(rotated.location).toContain(`${base}?notice=signing_key_staged`);
    const keys = await keysOf(projectId);
    expect(keys).toHaveLength(2);
    const next = keys[1]?.kid ?? '';
    const staged = await request(app.url, jar, 'GET', `${base}?notice=signing_key_staged`);
    expect(staged.text).toContain('A new signing key is published');
    expect(keyRows(staged.text)).toEqual([
      { kid: next, state: expect.stringMatching(/^next signs from \d{4}-\d\d-\d\d \d\d:\d\d UTC$/) },
      { kid: first?.kid, state: 'signing' },
    ]);

    const again = await submitForm(app.url, jar, base, 'rotate-signing-key', {});
    expect(again.location).toContain('notice=signing_key_already_staged');
    expect(await keysOf(projectId)).toHaveLength(2);

    await activatedAgo(projectId, next, 1);
    const retiring = await request(app.url, jar, 'GET', base);
    expect(keyRows(retiring.text)).toEqual([
      { kid: next, state: 'signing' },
      { kid: first?.kid, state: expect.stringMatching(/^retiring published until .+ UTC$/) },
    ]);

    const [audit] = await sql`select actor_email, target_id from audit_events
      where action = 'signing_key.rotated' and details->>'projectId' = ${projectId}`;
    expect(audit).toMatchObject({ actor_email: email, target_id: next });
    const activity = await request(app.url, jar, 'GET', `${base}/activity`);
    expect(activity.text).toContain('Signing key rotated');

    // Another organization's project: not found, nothing made.
    const forged = await submitForm(app.url, jar, base, 'rotate-signing-key', { projectId: other.id });
    expect(forged.location).toMatch(/error=not_found/);
    expect(await keysOf(other.id)).toHaveLength(1);
  });
});

/** The signing-key rows of the Credentials tab: kid and state text. */
function keyRows(html: string): Array<{ kid: string; state: string }> {
  return [...html.matchAll(/<tr data-testid="signing-key">([\s\S]*?)<\/tr>/g)].map((row) => {
    const cell = (name: string) =>
      (new RegExp(`data-testid="${name}"[^>]*>([\\s\\S]*?)</td>`).exec(row[1] ?? '')?.[1] ?? '')
        .replace(/<[^>]+>/g, ' ')
        .replace(/<!-- -->/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    return { kid: cell('signing-key-kid'), state: cell('signing-key-state') };
  });
}

// ---------------------------------------------------------------- first key

describe("a project's first key", () => {
  it('is made exactly once under concurrent first use (a project from before signing keys)', async () => {
    const p = await createProject(app.url, secretToken, { name: 'Keyless' });
    await sql`delete from signing_keys where project_id = ${p.id}`;
    const codes = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => (await sendMagicLink(app.url, p, randomEmail(`first-${i}`))).code),
    );
    const [verified, jwks] = await Promise.all([
      Promise.all(codes.map((code) => verifyChallenge(app.url, p, code))),
      Promise.all([1, 2].map(() => api(app.url, 'GET', jwksPath(p.id)))),
    ]);
    for (const v of verified) expect(v.status, v.text).toBe(200);
    const keys = await keysOf(p.id);
    expect(keys).toHaveLength(1);
    expect(new Set(verified.map((v) => kidOf(v.data.accessToken)))).toEqual(new Set([keys[0]?.kid]));
    for (const j of jwks) expect(j.data.keys.map((k: { kid: string }) => k.kid)).toEqual([keys[0]?.kid]);
    for (const v of verified) await verifyWithJwks(v.data.accessToken, p.id);
  });

  it('is given at start-up to projects that have none', async () => {
    const p = await createProject(app.url, secretToken, { name: 'Keyless at restart' });
    await sql`delete from signing_keys where project_id = ${p.id}`;
    await app.stop();
    app = await startApp({ databaseUrl: db.url, env });
    // before any request for it
    const keys = await keysOf(p.id);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.activates_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect(kidOf(await signInUserWithToken(p))).toBe(keys[0]?.kid);
  });
});

// ---------------------------------------------------------------- embedded

describe('the CLI against an embedded app', () => {
  it('rotates through the control socket', async () => {
    const embedded = await startApp({ database: 'embedded', env });
    try {
      const { project: p } = await setupProject(embedded);
      const rotated = await runCli(embedded.env, ['keys', 'rotate', '--project', p.id]);
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.stderr).toMatch(/sending the command/);
      expect(rotated.json).toMatchObject({ projectId: p.id, created: true });
      const jwks = await api(embedded.url, 'GET', jwksPath(p.id));
      expect(jwks.data.keys.map((k: { kid: string }) => k.kid)).toContain(rotated.json.kid);
      expect(jwks.data.keys).toHaveLength(2);
    } finally {
      await embedded.stop();
    }
  });
});

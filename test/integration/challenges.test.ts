// POST /api/challenge/send and POST /api/challenge/verify against the real app
// (next start + a fresh PostgreSQL database): the three places parameters may come from,
// validation, credentials, the email's content, the session and user a verify makes, and
// exactly one winner among concurrent verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  clientCredentials,
  codeOfLink,
  createProject as createProjectWith,
  mailbox,
  qs,
  randomEmail,
  sendMagicLink,
  setupProject,
  verifyChallenge as verify,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { connect } from '../support/postgres';
import { expectIso, expectProblem } from '../support/problem';

type Project = { id: string; clientToken: string; name: string; sessionValidSeconds: number };

let app: AppServer;
let sql: ReturnType<typeof connect>;
let secretToken: string;
let project: Project; // "Test App", default template and subject
let sibling: Project; // another project of the same organization

beforeAll(async () => {
  // These tests send to one address several times in a row; the default limits
  // (1 per 30 s per address) are proven in test/security/rate-limits.test.ts.
  app = await startApp({ env: { RATE_LIMIT_SEND_PER_ADDRESS: '100/1m' } });
  sql = connect(app.databaseUrl!);
  const setup = await setupProject(app);
  secretToken = setup.secretToken;
  project = setup.project;
  sibling = await createProject({ name: 'Sibling App' });
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

const creds = clientCredentials;
const createProject = (overrides: Record<string, unknown>): Promise<Project> =>
  createProjectWith(app.url, secretToken, overrides);

// ---------------------------------------------------------------- send

describe('POST /api/challenge/send', () => {
  it('accepts parameters in the query string: 201 {status: sent, expiresAt ~15 min ahead}', async () => {
    const email = randomEmail('query');
    const before = Date.now();
    const res = await api(app.url, 'POST', `/api/challenge/send${qs({ ...creds(project), emailAddress: email })}`);
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.data.status).toBe('sent');
    const expiresAt = expectIso(res.data.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 15 * 60_000 - 5_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 5_000);
    expect(await mailbox(app.url, email)).toHaveLength(1);
  });

  it('accepts parameters in a JSON body', async () => {
    const email = randomEmail('body');
    const before = Date.now();
    const res = await api(app.url, 'POST', '/api/challenge/send', { body: { ...creds(project), emailAddress: email } });
    expect(res.status, res.text).toBe(201);
    expect(res.data.status).toBe('sent');
    const expiresAt = expectIso(res.data.expiresAt);
    expect(Math.abs(expiresAt - (before + 15 * 60_000))).toBeLessThan(10_000);
    const messages = await mailbox(app.url, email);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.to).toBe(email);
  });

  it('accepts the client token in the x-client-token header', async () => {
    const email = randomEmail('header');
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      headers: { 'x-client-token': project.clientToken },
      body: { projectId: project.id, emailAddress: email },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.data.status).toBe('sent');
    expect(await mailbox(app.url, email)).toHaveLength(1);
  });

  it('answers the same 201 for any valid address, known user or not (no enumeration)', async () => {
    // make one address a known user of the project
    const known = randomEmail('known');
    const { code } = await sendMagicLink(app.url, project, known);
    expect((await verify(app.url, project, code)).status).toBe(200);

    const a = await api(app.url, 'POST', '/api/challenge/send', { body: { ...creds(project), emailAddress: known } });
    const b = await api(app.url, 'POST', '/api/challenge/send', {
      body: { ...creds(project), emailAddress: randomEmail('unknown') },
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(Object.keys(a.data).sort()).toEqual(Object.keys(b.data).sort());
    expect(a.data.status).toBe('sent');
    expect(b.data.status).toBe('sent');
  });

  it('trims and lower-cases the email address', async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      body: { ...creds(project), emailAddress: `  Bob-${tag}@Example.COM ` },
    });
    expect(res.status, res.text).toBe(201);
    const messages = await mailbox(app.url, `bob-${tag}@example.com`);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.to).toBe(`bob-${tag}@example.com`);

    // and the verified user carries the normalized address
    const verified = await verify(app.url, project, codeOfLink(messages[0]!.links[0]!, app.url));
    expect(verified.status, verified.text).toBe(200);
    expect(verified.data.user.emailAddress).toBe(`bob-${tag}@example.com`);
  });

  it('accepts a state of 512 characters and rejects 513 with 400', async () => {
    const ok = await api(app.url, 'POST', '/api/challenge/send', {
      body: { ...creds(project), emailAddress: randomEmail('state'), state: 's'.repeat(512) },
    });
    expect(ok.status, ok.text).toBe(201);

    const email = randomEmail('state-long');
    const tooLong = await api(app.url, 'POST', '/api/challenge/send', {
      body: { ...creds(project), emailAddress: email, state: 's'.repeat(513) },
    });
    expectProblem(tooLong, 400);
    expect(tooLong.data.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'state' })]));
    expect(await mailbox(app.url, email)).toHaveLength(0);
  });

  it.each([
    ['not an address', 'not-an-email'],
    ['missing @ domain', 'bob@'],
    ['empty', ''],
    ['two addresses', 'a@example.com, b@example.com'],
  ])('rejects a bad email (%s) with 400', async (_label, emailAddress) => {
    const res = await api(app.url, 'POST', '/api/challenge/send', { body: { ...creds(project), emailAddress } });
    expectProblem(res, 400);
    expect(res.data.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'emailAddress' })]));
  });

  it('rejects a missing emailAddress with 400', async () => {
    const res = await api(app.url, 'POST', '/api/challenge/send', { body: creds(project) });
    expectProblem(res, 400);
    expect(res.data.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'emailAddress' })]));
  });

  it('rejects a body that is not JSON with 400', async () => {
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      rawBody: '{"emailAddress": ',
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(res, 400);
  });

  it('answers 401 without a client token', async () => {
    const email = randomEmail('no-token');
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: project.id, emailAddress: email },
    });
    expectProblem(res, 401);
    expect(await mailbox(app.url, email)).toHaveLength(0);
  });

  it('answers 401 for an unknown client token', async () => {
    const email = randomEmail('bad-token');
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: project.id, clientToken: 'ck_thisTokenDoesNotExist0123456789', emailAddress: email },
    });
    expectProblem(res, 401);
    expect(await mailbox(app.url, email)).toHaveLength(0);
  });

  it("answers 403 for project A's client token with project B's id", async () => {
    const email = randomEmail('cross');
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: sibling.id, clientToken: project.clientToken, emailAddress: email },
    });
    expectProblem(res, 403);
    expect(await mailbox(app.url, email)).toHaveLength(0);
  });

  it('answers 404 for an unknown projectId with a valid client token', async () => {
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: crypto.randomUUID(), clientToken: project.clientToken, emailAddress: randomEmail() },
    });
    expectProblem(res, 404);
  });

  it('answers 400 for a projectId that is not a uuid', async () => {
    const res = await api(app.url, 'POST', '/api/challenge/send', {
      body: { projectId: 'not-a-uuid', clientToken: project.clientToken, emailAddress: randomEmail() },
    });
    expectProblem(res, 400);
    expect(res.data.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'projectId' })]));
  });
});

// ---------------------------------------------------------------- email content

describe('challenge email content', () => {
  it('uses the default subject "Sign in to <name>" and the default template with the link', async () => {
    const email = randomEmail('default');
    const { message, code } = await sendMagicLink(app.url, project, email);
    expect(message.subject).toBe('Sign in to Test App');
    const link = `${app.url}/l/${code}`;
    expect(message.links[0]).toBe(link);
    expect(message.html).toContain(`href="${link}"`);
    expect(message.html).toContain(email);
    expect(message.text).toContain(link);
    expect(message.to).toBe(email);
    expectIso(message.createdAt);
  });

  it('substitutes every template variable, HTML-escaped, and uses a custom subject', async () => {
    const logoUrl = 'https://cdn.example.com/logo.png?size=2&v="3"';
    const custom = await createProject({
      name: '<b>"A&B"</b>',
      logoUrl,
      emailSubject: 'Your link for {{projectName}} ({{expiresInMinutes}} min)',
      emailTemplate: [
        '<p>LINK[{{link}}]</p>',
        '<p>NAME[{{projectName}}]</p>',
        '<p>EMAIL[{{emailAddress}}]</p>',
        '<p>MIN[{{expiresInMinutes}}]</p>',
        '<p>LOGO[{{logoUrl}}]</p>',
        '<a href="{{link}}">go</a>',
      ].join('\n'),
    });
    const email = randomEmail("o'brien");
    const { message, code } = await sendMagicLink(app.url, custom, email);
    const link = `${app.url}/l/${code}`;

    expect(message.html).toContain(`LINK[${link}]`);
    expect(message.html).toContain('NAME[&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;]');
    expect(message.html).not.toContain('<b>"A&B"</b>');
    expect(message.html).toContain(`EMAIL[${email.replace("'", '&#39;')}]`);
    expect(message.html).toContain('MIN[15]');
    expect(message.html).toContain('LOGO[https://cdn.example.com/logo.png?size=2&amp;v=&quot;3&quot;]');
    expect(message.html).not.toContain('{{');
    expect(message.links).toContain(link);

    // custom subject with variables (a header, plain text)
    expect(message.subject).toMatch(/^Your link for .*A.*B.* \(15 min\)$/);
    expect(message.subject).not.toContain('{{');
    // the text part carries the link
    expect(message.text).toContain(link);
  });

  it('uses a custom subject verbatim around the substituted project name', async () => {
    const custom = await createProject({ name: 'Acme Portal', emailSubject: 'Log in to {{projectName}} now' });
    const { message, code } = await sendMagicLink(app.url, custom, randomEmail('subject'));
    expect(message.subject).toBe('Log in to Acme Portal now');
    expect(message.text).toContain(`${app.url}/l/${code}`);
  });

  it('shows the logo in the default template when the project has one', async () => {
    const withLogo = await createProject({ name: 'Logo App', logoUrl: 'https://cdn.example.com/brand.png' });
    const { message } = await sendMagicLink(app.url, withLogo, randomEmail('logo'));
    expect(message.html).toContain('src="https://cdn.example.com/brand.png"');
    expect(message.subject).toBe('Sign in to Logo App');
  });
});

// ---------------------------------------------------------------- verify

describe('POST /api/challenge/verify', () => {
  it('answers 200 {status: verified, session, user}', async () => {
    const email = randomEmail('verify');
    const { code } = await sendMagicLink(app.url, project, email);
    const before = Date.now();
    const res = await verify(app.url, project, code);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.data.status).toBe('verified');

    const { session, user } = res.data;
    expect(session).toEqual({
      code: expect.any(String),
      status: 'active',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(session.code).toMatch(/^[A-Za-z0-9_-]{22,}$/); // >= 128 bits, base64url
    expect(session.code).not.toBe(code);
    const created = expectIso(session.createdAt);
    expectIso(session.updatedAt);
    expect(created).toBeGreaterThan(before - 5_000);
    expect(created).toBeLessThan(Date.now() + 5_000);
    expect(expectIso(session.expiresAt) - created).toBe(3600 * 1000); // default sessionValidSeconds

    expect(user).toEqual({
      emailAddress: email,
      userHash: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(user.userHash.length).toBeGreaterThanOrEqual(16);
    expectIso(user.createdAt);
    expectIso(user.updatedAt);

    // the session works
    const check = await api(app.url, 'GET', `/api/session${qs({ ...creds(project), sessionCode: session.code })}`);
    expect(check.status, check.text).toBe(200);
    expect(check.data.status).toBe('active');
  });

  it('accepts parameters in the query string too', async () => {
    const { code } = await sendMagicLink(app.url, project, randomEmail('verify-q'));
    const res = await api(app.url, 'POST', `/api/challenge/verify${qs({ ...creds(project), challengeCode: code })}`);
    expect(res.status, res.text).toBe(200);
    expect(res.data.status).toBe('verified');
  });

  it('answers 409 for a second verify of the same code', async () => {
    const { code } = await sendMagicLink(app.url, project, randomEmail('twice'));
    expect((await verify(app.url, project, code)).status).toBe(200);
    const again = await verify(app.url, project, code);
    expectProblem(again, 409);
    expect(again.text).not.toContain('"session"');
  });

  it('answers 404 for an unknown code', async () => {
    const res = await verify(app.url, project, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expectProblem(res, 404);
  });

  it('answers 400 without a challengeCode', async () => {
    const res = await api(app.url, 'POST', '/api/challenge/verify', { body: creds(project) });
    expectProblem(res, 400);
    expect(res.data.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'challengeCode' })]));
  });

  it("answers 401 without a client token and 403 with another project's token", async () => {
    const { code } = await sendMagicLink(app.url, project, randomEmail('verify-auth'));
    const none = await api(app.url, 'POST', '/api/challenge/verify', {
      body: { projectId: project.id, challengeCode: code },
    });
    expectProblem(none, 401);
    const cross = await api(app.url, 'POST', '/api/challenge/verify', {
      body: { projectId: project.id, clientToken: sibling.clientToken, challengeCode: code },
    });
    expectProblem(cross, 403);
    // neither attempt consumed the code
    expect((await verify(app.url, project, code)).status).toBe(200);
  });

  it("answers 404 for another project's code, and does not consume it", async () => {
    const { code } = await sendMagicLink(app.url, sibling, randomEmail('other-project'));
    const wrong = await verify(app.url, project, code);
    expectProblem(wrong, 404);
    const right = await verify(app.url, sibling, code);
    expect(right.status, right.text).toBe(200);
  });

  it('answers 410 for an expired code', async () => {
    const email = randomEmail('expired');
    const { code } = await sendMagicLink(app.url, project, email);
    const updated = await sql`update challenges set expires_at = now() - interval '1 minute'
      where project_id = ${project.id} and email = ${email}`;
    expect(updated.count).toBe(1);
    const res = await verify(app.url, project, code);
    expectProblem(res, 410);
    // still expired, not "used", on a second try
    expectProblem(await verify(app.url, project, code), 410);
  });

  it('lets exactly one of 25 concurrent verifies of one code succeed; the rest get 409', async () => {
    const email = randomEmail('race');
    const { code } = await sendMagicLink(app.url, project, email);
    const results = await Promise.all(Array.from({ length: 25 }, () => verify(app.url, project, code)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(24);

    const [row] = await sql`select count(*)::int as n from sessions s join users u on u.id = s.user_id
      where u.project_id = ${project.id} and u.email = ${email}`;
    expect(row!.n).toBe(1);
    const [users] =
      await sql`select count(*)::int as n from users where project_id = ${project.id} and email = ${email}`;
    expect(users!.n).toBe(1);
  });

  it('creates the user on the first verify and keeps the same userHash on the next sign-in', async () => {
    const email = randomEmail('returning');
    const [none] =
      await sql`select count(*)::int as n from users where project_id = ${project.id} and email = ${email}`;
    expect(none!.n).toBe(0);

    const first = await sendMagicLink(app.url, project, email);
    const v1 = await verify(app.url, project, first.code);
    expect(v1.status, v1.text).toBe(200);
    const [one] = await sql`select count(*)::int as n from users where project_id = ${project.id} and email = ${email}`;
    expect(one!.n).toBe(1);

    const second = await sendMagicLink(app.url, project, email);
    expect(second.code).not.toBe(first.code);
    const v2 = await verify(app.url, project, second.code);
    expect(v2.status, v2.text).toBe(200);
    expect(v2.data.user.userHash).toBe(v1.data.user.userHash);
    expect(v2.data.user.createdAt).toBe(v1.data.user.createdAt);
    expect(v2.data.session.code).not.toBe(v1.data.session.code);
    const [still] =
      await sql`select count(*)::int as n from users where project_id = ${project.id} and email = ${email}`;
    expect(still!.n).toBe(1);

    // different case and spaces: still the same user
    const third = await sendMagicLink(app.url, project, `  ${email.toUpperCase()}  `);
    const v3 = await verify(app.url, project, third.code);
    expect(v3.status, v3.text).toBe(200);
    expect(v3.data.user.userHash).toBe(v1.data.user.userHash);
  });

  it('gives one email different userHashes in different projects, none revealing the address', async () => {
    const email = randomEmail('hash');
    const a = await verify(app.url, project, (await sendMagicLink(app.url, project, email)).code);
    const b = await verify(app.url, sibling, (await sendMagicLink(app.url, sibling, email)).code);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const ha: string = a.data.user.userHash;
    const hb: string = b.data.user.userHash;
    expect(ha).not.toBe(hb);

    const [local, domain] = email.split('@') as [string, string];
    for (const hash of [ha, hb]) {
      expect(hash.toLowerCase()).not.toContain(email);
      expect(hash.toLowerCase()).not.toContain(local);
      expect(hash.toLowerCase()).not.toContain(domain);
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        expect(Buffer.from(hash, encoding).toString('latin1')).not.toContain(local);
      }
    }
  });

  it("sets expiresAt - createdAt to the project's sessionValidSeconds", async () => {
    const short = await createProject({ name: 'Short Sessions', sessionValidSeconds: 120 });
    expect(short.sessionValidSeconds).toBe(120);
    const res = await verify(app.url, short, (await sendMagicLink(app.url, short, randomEmail('ttl'))).code);
    expect(res.status, res.text).toBe(200);
    expect(Date.parse(res.data.session.expiresAt) - Date.parse(res.data.session.createdAt)).toBe(120_000);
  });
});

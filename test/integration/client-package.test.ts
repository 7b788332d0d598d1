// @uauth/client installs and works outside this repository: the package is built from its
// sources, packed with `npm pack`, and the tarball installed with `npm install` into a fresh
// folder under the system's temporary directory (jose comes from the registry). There a plain
// ESM script signs a user in against the built app (send → development mailbox → verify →
// getSession → verifyAccessToken → refresh → signOut → getSession says revoked), and a small
// TypeScript file is type-checked against the installed package's own .d.ts files.
import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganization, createProject, randomEmail } from '../support/api';
import { type AppServer, root, startApp } from '../support/app-server';
import { installClient, packClient } from '../support/client-package';

let app: AppServer;
let appDir: string;
let packed: { tarball: string; files: string[] };
let project: { id: string; clientToken: string };

beforeAll(async () => {
  const started = startApp();
  packed = packClient();
  appDir = installClient(packed.tarball);
  app = await started;
  const { secretToken } = await createOrganization(app, { name: 'Package Org' });
  project = await createProject(app.url, secretToken, {
    name: 'Package App',
    allowedOrigin: 'http://localhost:4444',
    redirectUrl: 'http://localhost:4444/callback',
  });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  if (appDir) rmSync(appDir, { recursive: true, force: true });
  if (packed) rmSync(path.dirname(packed.tarball), { recursive: true, force: true });
});

describe('the tarball', () => {
  it('holds the built package only: dist (JavaScript and types), package.json, README', () => {
    expect(packed.files).toContain('package.json');
    expect(packed.files).toContain('README.md');
    for (const entry of ['dist/index.js', 'dist/index.d.ts', 'dist/next/index.js', 'dist/next/index.d.ts'])
      expect(packed.files).toContain(entry);
    expect(packed.files.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && f !== 'README.md')).toEqual([]);
    expect(packed.files.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toBe(false);
  });

  it('installs into a folder outside the repository, with jose from the registry', () => {
    expect(path.relative(root, appDir).startsWith('..')).toBe(true);
    expect(appDir.startsWith(os.tmpdir())).toBe(true);
    const installed = path.join(appDir, 'node_modules/@uauth/client');
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'))).toMatchObject({
      name: '@uauth/client',
      type: 'module',
    });
    expect(JSON.parse(readFileSync(path.join(appDir, 'node_modules/jose/package.json'), 'utf8')).version).toMatch(
      /^6\./,
    );
  });
});

const script = `
import {
  AccessTokenError,
  createBrowserClient,
  isUAuthError,
  UAuthError,
  verifyAccessToken,
} from '@uauth/client';

const { UAUTH_URL: baseUrl, PROJECT_ID: projectId, CLIENT_TOKEN: clientToken, EMAIL: email } = process.env;
const uauth = createBrowserClient({ baseUrl, projectId, clientToken });
const out = {};

out.sent = await uauth.sendChallenge({ emailAddress: email, state: 'outside' });
const mailbox = await (await fetch(\`\${baseUrl}/api/dev/mailbox?to=\${encodeURIComponent(email)}\`)).json();
const link = mailbox.messages[0].links.find((l) => l.startsWith(\`\${baseUrl}/l/\`));
const verified = await uauth.verifyChallenge(new URL(link).pathname.slice('/l/'.length));
out.verified = { status: verified.status, email: verified.user.emailAddress, userHash: verified.user.userHash };
const code = verified.session.code;

out.session = (await uauth.getSession(code)).status;
out.claims = await verifyAccessToken(verified.accessToken, { baseUrl, projectId });
const refreshed = await uauth.refresh(code);
out.refreshed = { status: refreshed.status, sameCode: refreshed.session.code === code };
out.refreshedClaims = await verifyAccessToken(refreshed.accessToken, { baseUrl, projectId });
try {
  await verifyAccessToken(refreshed.accessToken + 'x', { baseUrl, projectId });
} catch (error) {
  out.tampered = { isAccessTokenError: error instanceof AccessTokenError, code: error.code };
}

await uauth.signOut(code);
out.afterSignOut = (await uauth.getSession(code)).status;
try {
  await uauth.getUser(code);
} catch (error) {
  out.getUser = { isUAuthError: isUAuthError(error) && error instanceof UAuthError, status: error.status, code: error.code };
}
console.log(JSON.stringify(out));
`;

describe('the installed package, from plain Node.js', () => {
  it('signs a user in and out: send → mailbox → verify → getSession → verifyAccessToken → refresh → signOut', () => {
    const email = randomEmail('package');
    writeFileSync(path.join(appDir, 'sign-in.mjs'), script);
    const result = spawnSync(process.execPath, ['sign-in.mjs'], {
      cwd: appDir,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        UAUTH_URL: app.url,
        PROJECT_ID: project.id,
        CLIENT_TOKEN: project.clientToken,
        EMAIL: email,
      },
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}');
    expect(out.sent).toMatchObject({ status: 'sent' });
    expect(out.verified).toMatchObject({ status: 'verified', email });
    expect(out.session).toBe('active');
    expect(out.claims).toMatchObject({
      iss: app.url,
      aud: project.id,
      sub: out.verified.userHash,
      email,
      sid: expect.any(String),
    });
    expect(out.refreshed).toEqual({ status: 'active', sameCode: true });
    expect(out.refreshedClaims).toMatchObject({ sub: out.verified.userHash, sid: out.claims.sid });
    expect(out.tampered).toEqual({ isAccessTokenError: true, code: 'invalid' });
    expect(out.afterSignOut).toBe('revoked');
    expect(out.getUser).toEqual({ isUAuthError: true, status: 403, code: 'session_inactive' });
  });
});

const typed = `
import {
  type AccessTokenClaims,
  createBrowserClient,
  createServerClient,
  type Project,
  type ProjectInput,
  type Refreshed,
  type SessionStatus,
  UAuthError,
  verifyAccessToken,
} from '@uauth/client';

const server = createServerClient({ baseUrl: 'http://localhost:3000', secretKey: 'sk_x' });
const input: ProjectInput = { name: 'App', allowedOrigin: 'http://localhost:1', redirectUrl: 'http://localhost:1/cb' };
export const created: Promise<Project> = server.projects.create(input);
const browser = createBrowserClient({ baseUrl: 'http://localhost:3000', projectId: 'p', clientToken: 'ck_x' });
export const refreshed: Promise<Refreshed> = browser.refresh('code');
export const status: SessionStatus = 'revoked';
export const claims: Promise<AccessTokenClaims> = verifyAccessToken('t', { baseUrl: 'x', projectId: 'p' });
export function codeOf(error: unknown): string | undefined {
  return error instanceof UAuthError ? error.code : undefined;
}
`;

function typeCheck(source: string): { status: number | null; output: string } {
  writeFileSync(path.join(appDir, 'check.ts'), source);
  writeFileSync(
    path.join(appDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'DOM'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        types: [],
      },
      files: ['check.ts'],
    }),
  );
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', appDir], {
    cwd: appDir,
    encoding: 'utf8',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("the installed package's types", () => {
  it('type-check a TypeScript file that uses them (NodeNext resolution, the exports map)', () => {
    const ok = typeCheck(typed);
    expect(ok.output).toBe('');
    expect(ok.status).toBe(0);
  });

  it('are real types: a wrong use fails to compile', () => {
    const wrong = typeCheck(`${typed}
export const notAProject: Promise<number> = server.projects.create(input);
export const badStatus: SessionStatus = 'paused';
export const missing = createBrowserClient({ baseUrl: 'x', projectId: 'p' });
`);
    expect(wrong.status).not.toBe(0);
    expect(wrong.output).toMatch(/check\.ts\(\d+,\d+\): error TS2322: Type 'Promise<ProjectDto>' is not assignable/);
    expect(wrong.output).toMatch(
      /error TS2322: Type '"paused"' is not assignable to type '"active" \| "expired" \| "revoked"'/,
    );
    expect(wrong.output).toMatch(/Property 'clientToken' is missing/);
  });

  it('the package.json version is what npm packed', () => {
    const version = JSON.parse(readFileSync(path.join(root, 'packages/client/package.json'), 'utf8')).version;
    expect(path.basename(packed.tarball)).toBe(`uauth-client-${version}.tgz`);
    expect(execFileSync('tar', ['-tzf', packed.tarball], { encoding: 'utf8' })).toContain('package/dist/index.js');
  });
});

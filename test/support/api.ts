// Small HTTP helpers for tests: every call returns { status, headers, data }.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './app-server';

export type ApiResponse<T = any> = { status: number; headers: Headers; data: T; text: string };

export async function api<T = any>(
  baseUrl: string,
  method: string,
  pathAndQuery: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let data: any;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  return { status: res.status, headers: res.headers, data, text };
}

/** Runs `npm run cli -- …` against an app's environment; returns the last line parsed. */
export function runCli(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string; json: any }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/cli.ts', ...args],
      {
        cwd: root,
        env: { ...env, NODE_ENV: env.NODE_ENV ?? 'production' } as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      let json: any;
      try {
        json = JSON.parse(last);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? 1, stdout, stderr, json });
    });
  });
}

/** An organization (via the CLI) and one project, ready for end-user calls. */
export async function setupProject(
  app: { url: string; env: Record<string, string> },
  project: Record<string, unknown> = {},
): Promise<{ secretToken: string; organizationId: string; project: any }> {
  const org = await runCli(app.env, [
    'org',
    'create',
    '--name',
    'Test Org',
    '--email',
    `owner-${crypto.randomUUID()}@example.test`,
  ]);
  if (org.code !== 0 || !org.json) throw new Error(`cli failed: ${org.stderr}`);
  const created = await api(app.url, 'POST', '/api/projects', {
    headers: { 'x-upid-organization-key': org.json.secretToken },
    body: {
      name: 'Test App',
      allowedOrigin: 'http://localhost:4321',
      redirectUrl: 'http://localhost:4321/callback',
      ...project,
    },
  });
  if (created.status !== 201) throw new Error(`project create failed: ${created.status} ${created.text}`);
  return { secretToken: org.json.secretToken, organizationId: org.json.organizationId, project: created.data };
}

export function randomEmail(tag = 'user'): string {
  return `${tag}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

export type TestProject = { id: string; clientToken: string; allowedOrigin: string; redirectUrl: string; name: string };

/** POST /api/challenge/send with the project's client token. */
export function sendChallenge(
  baseUrl: string,
  project: TestProject,
  emailAddress: string,
  extra: { body?: Record<string, unknown>; headers?: Record<string, string> } = {},
) {
  return api(baseUrl, 'POST', '/api/challenge/send', {
    body: { projectId: project.id, clientToken: project.clientToken, emailAddress, ...extra.body },
    headers: extra.headers,
  });
}

/** POST /api/challenge/verify with the project's client token. */
export function verifyChallenge(
  baseUrl: string,
  project: TestProject,
  challengeCode: string,
  headers?: Record<string, string>,
) {
  return api(baseUrl, 'POST', '/api/challenge/verify', {
    body: { projectId: project.id, clientToken: project.clientToken, challengeCode },
    headers,
  });
}

/** The development mailbox's messages to an address, newest first. */
export async function mailbox(
  baseUrl: string,
  emailAddress: string,
): Promise<Array<{ subject: string; links: string[] } & Record<string, any>>> {
  const res = await api(baseUrl, 'GET', `/api/dev/mailbox?to=${encodeURIComponent(emailAddress)}`);
  if (res.status !== 200) throw new Error(`mailbox answered ${res.status}: ${res.text}`);
  return res.data.messages;
}

/** The challenge code in a landing-page link (`…/l/<code>`). */
export function codeOfLink(link: string): string {
  const match = new URL(link).pathname.match(/^\/l\/([A-Za-z0-9_-]+)$/);
  if (!match) throw new Error(`not a landing link: ${link}`);
  return match[1]!;
}

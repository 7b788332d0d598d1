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
  return { status: res.status, headers: res.headers, data: jsonOrUndefined(text), text };
}

/** A body parsed as JSON, or undefined when it is empty or not JSON. */
export function jsonOrUndefined(text: string): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
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

/** The header that carries an organization secret key (the API's name for it). */
export function secretKeyHeader(secretToken: string): Record<string, string> {
  return { 'x-upid-organization-key': secretToken };
}

/** `?a=1&b=2` from the defined entries (undefined ones are left out). */
export function qs(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return `?${new URLSearchParams(entries).toString()}`;
}

/** A project's client credentials as a query string without its `?`: `projectId=…&clientToken=…`. */
export function clientQuery(project: { id: string; clientToken: string }): string {
  return `projectId=${project.id}&clientToken=${encodeURIComponent(project.clientToken)}`;
}

/** A project's client credentials, as query or body fields. */
export function clientCredentials(project: { id: string; clientToken: string }) {
  return { projectId: project.id, clientToken: project.clientToken };
}

/** A new organization made with the CLI (`org create`); its owner is a fresh address unless given. */
export async function createOrganization(
  app: { env: Record<string, string> },
  options: { name?: string; email?: string } = {},
): Promise<{ secretToken: string; organizationId: string; email: string }> {
  const email = options.email ?? `owner-${crypto.randomUUID()}@example.test`;
  const org = await runCli(app.env, ['org', 'create', '--name', options.name ?? 'Test Org', '--email', email]);
  if (org.code !== 0 || !org.json?.secretToken) throw new Error(`cli failed: ${org.stderr}\n${org.stdout}`);
  return { secretToken: org.json.secretToken, organizationId: org.json.organizationId, email };
}

/** POST /api/projects with the secret key: the created project (anything but 201 throws). */
export async function createProject(
  baseUrl: string,
  secretToken: string,
  project: Record<string, unknown> = {},
): Promise<any> {
  const created = await api(baseUrl, 'POST', '/api/projects', {
    headers: secretKeyHeader(secretToken),
    body: {
      name: 'Another App',
      allowedOrigin: 'http://localhost:4321',
      redirectUrl: 'http://localhost:4321/callback',
      ...project,
    },
  });
  if (created.status !== 201) throw new Error(`project create failed: ${created.status} ${created.text}`);
  return created.data;
}

/** An organization (via the CLI) and one project, ready for end-user calls. */
export async function setupProject(
  app: { url: string; env: Record<string, string> },
  project: Record<string, unknown> = {},
): Promise<{ secretToken: string; organizationId: string; project: any }> {
  const { secretToken, organizationId } = await createOrganization(app);
  return {
    secretToken,
    organizationId,
    project: await createProject(app.url, secretToken, { name: 'Test App', ...project }),
  };
}

export function randomEmail(tag = 'user'): string {
  return `${tag}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

export type TestProject = { id: string; clientToken: string; allowedOrigin: string; redirectUrl: string; name: string };
/** What the client-token calls need of a project. */
export type ClientProject = { id: string; clientToken: string };

/** POST /api/challenge/send with the project's client token. */
export function sendChallenge(
  baseUrl: string,
  project: ClientProject,
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
  project: ClientProject,
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

/**
 * The challenge code (base64url, 128 bits or more) in a landing-page link (`…/l/<code>`);
 * with `origin`, the link must also be on that origin (APP_URL).
 */
export function codeOfLink(link: string, origin?: string): string {
  const url = new URL(link);
  if (origin !== undefined && url.origin !== origin) throw new Error(`landing link ${link} is not on ${origin}`);
  const match = url.pathname.match(/^\/l\/([A-Za-z0-9_-]{22,})$/);
  if (!match?.[1]) throw new Error(`not a landing link: ${link}`);
  return match[1];
}

/** The landing link of the newest message to an address (throws when there is none). */
export async function latestLink(baseUrl: string, emailAddress: string): Promise<string> {
  const [message] = await mailbox(baseUrl, emailAddress);
  const link = message?.links.find((l) => new URL(l).pathname.startsWith('/l/'));
  if (!link) throw new Error(`no magic link for ${emailAddress}`);
  return link;
}

/** The challenge code of the newest magic link sent to an address. */
export async function latestCode(baseUrl: string, emailAddress: string): Promise<string> {
  return codeOfLink(await latestLink(baseUrl, emailAddress));
}

/**
 * Emails a magic link with the client token (anything but 201 throws) and reads it from the
 * development mailbox: the message, its landing link (on APP_URL) and the challenge code.
 * The mailbox is read for the address as the app stores it (trimmed, lower-cased).
 */
export async function sendMagicLink(
  baseUrl: string,
  project: ClientProject,
  emailAddress: string,
  extra: { body?: Record<string, unknown>; headers?: Record<string, string> } = {},
) {
  const sent = await sendChallenge(baseUrl, project, emailAddress, extra);
  if (sent.status !== 201) throw new Error(`send answered ${sent.status}: ${sent.text}`);
  const [message] = await mailbox(baseUrl, emailAddress.trim().toLowerCase());
  if (!message) throw new Error(`no email to ${emailAddress}`);
  const link = message.links.find((l) => l.startsWith(`${baseUrl}/l/`)) ?? message.links[0] ?? '';
  return { message, link, code: codeOfLink(link, baseUrl) };
}

/**
 * A full sign-in of an end user through the REST API: send, read the mailbox, verify
 * (anything but 200 throws). Returns the session, its code and the user.
 */
export async function signInUser(baseUrl: string, project: ClientProject, emailAddress = randomEmail('user')) {
  const { code: challengeCode } = await sendMagicLink(baseUrl, project, emailAddress);
  const verified = await verifyChallenge(baseUrl, project, challengeCode);
  if (verified.status !== 200) throw new Error(`verify answered ${verified.status}: ${verified.text}`);
  return {
    email: emailAddress,
    challengeCode,
    session: verified.data.session,
    sessionCode: verified.data.session.code as string,
    user: verified.data.user as { emailAddress: string; userHash: string; createdAt: string; updatedAt: string },
  };
}

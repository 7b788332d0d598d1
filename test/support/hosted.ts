// Workflows and hosted logins: what an app's server does with the secret key (make a
// workflow, start a hosted login), and what a browser without JavaScript does on the hosted
// login page (post its form). No test-runner import: the Playwright specs use it too.
import { api, codeOfLink, mailbox, secretKeyHeader } from './api';
import { getPage, pressContinue } from './pages';

export type Workflow = {
  workflowKey: string;
  projectId: string;
  name: string | null;
  policyId: string;
  clientRedirectUrl: string;
  createdAt: string;
  updatedAt: string;
};

export const workflowsPath = (projectId: string) => `/api/projects/${projectId}/workflows`;

/**
 * POST /api/projects/{projectId}/workflows (anything but 201 throws). Defaults: policy
 * sign_up_sign_in, clientRedirectUrl `<allowedOrigin>/done`.
 */
export async function createWorkflow(
  baseUrl: string,
  secretToken: string,
  project: { id: string; allowedOrigin: string },
  body: Record<string, unknown> = {},
): Promise<Workflow> {
  const res = await api<Workflow>(baseUrl, 'POST', workflowsPath(project.id), {
    headers: secretKeyHeader(secretToken),
    body: { policyId: 'sign_up_sign_in', clientRedirectUrl: `${project.allowedOrigin}/done`, ...body },
  });
  if (res.status !== 201) throw new Error(`workflow create answered ${res.status}: ${res.text}`);
  return res.data;
}

/**
 * POST /api/uauth/session (anything but 201 throws): the getSessionUrl
 * (`…/uauth?sessionId=<32 hex>`) and the hosted login's id in it.
 */
export async function startHostedLogin(
  baseUrl: string,
  secretToken: string,
  workflowKey: string,
  state?: string,
): Promise<{ url: string; sessionId: string }> {
  const res = await api(baseUrl, 'POST', '/api/uauth/session', {
    headers: secretKeyHeader(secretToken),
    body: { workflowKey, ...(state === undefined ? {} : { state }) },
  });
  if (res.status !== 201) throw new Error(`POST /api/uauth/session answered ${res.status}: ${res.text}`);
  const url: string = res.data.getSessionUrl;
  const sessionId = url.match(/^.+\/uauth\?sessionId=([0-9a-f]{32})$/)?.[1];
  if (!sessionId) throw new Error(`not a getSessionUrl: ${url}`);
  return { url, sessionId };
}

/** The fields of a hosted page's first form (hidden inputs included), with `email` set. */
export function hostedFormFields(html: string, email: string): FormData {
  const form = html.match(/<form\b[^>]*>([\s\S]*?)<\/form>/);
  if (!form) throw new Error('the hosted page has no form');
  const data = new FormData();
  for (const input of (form[1] ?? '').matchAll(/<input\b([^>]*)>/g)) {
    const attrs = input[1] ?? '';
    const name = attrs.match(/\bname="([^"]*)"/)?.[1];
    if (!name) continue;
    const value = attrs.match(/\bvalue="([^"]*)"/)?.[1] ?? '';
    data.append(name, value.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  }
  data.set('email', email);
  return data;
}

/** Posts a hosted form the way a browser without JavaScript does (with its Origin). */
export function postHostedForm(pageUrl: string, data: FormData | URLSearchParams, cookie?: string) {
  // A browser sends its Origin with a form POST (Next's Server Actions check it).
  const headers: Record<string, string> = { origin: new URL(pageUrl).origin, ...(cookie ? { cookie } : {}) };
  return fetch(pageUrl, { method: 'POST', body: data, redirect: 'manual', headers });
}

/**
 * Submits the hosted page's email form like a browser without JavaScript: the page's own
 * form posted to its action (anything but a 303 throws). Returns the 303 target and the
 * cookies it set.
 */
export async function submitHostedForm(getSessionUrl: string, email: string, cookie?: string) {
  const page = await getPage(getSessionUrl, { cookie });
  if (page.status !== 200) throw new Error(`hosted page answered ${page.status}: ${page.text}`);
  const action = page.html.match(/<form\b[^>]*\baction="([^"]*)"/)?.[1] ?? getSessionUrl;
  const res = await postHostedForm(
    new URL(action.replace(/&amp;/g, '&'), getSessionUrl).href,
    hostedFormFields(page.html, email),
    cookie,
  );
  if (res.status !== 303) throw new Error(`hosted form answered ${res.status}: ${await res.text()}`);
  const location = new URL(res.headers.get('location') ?? '', getSessionUrl).href;
  const setCookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { location, cookie: setCookie, headers: res.headers };
}

/**
 * The whole hosted sign-in up to the app: hosted page → email → the newest mailbox link →
 * Continue (303). Returns the code and where Continue sends the browser.
 */
export async function hostedSignIn(baseUrl: string, getSessionUrl: string, email: string) {
  const submitted = await submitHostedForm(getSessionUrl, email);
  const messages = await mailbox(baseUrl, email.trim().toLowerCase());
  const link = messages[0]?.links.find((l) => l.startsWith(`${baseUrl}/l/`));
  if (!link) throw new Error(`no magic link for ${email}`);
  const code = codeOfLink(link, baseUrl);
  const pressed = await pressContinue(baseUrl, code);
  if (pressed.status !== 303) throw new Error(`Continue answered ${pressed.status}`);
  return { submitted, code, target: new URL(pressed.location ?? ''), messages };
}

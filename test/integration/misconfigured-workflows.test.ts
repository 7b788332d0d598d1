// A workflow whose clientRedirectUrl no longer shares its origin with its project's
// allowedOrigin or redirectUrl (the project's origins changed after the workflow was made)
// is refused wherever it is used: POST /api/uauth/session 424, the hosted page shows a
// "misconfigured" card with status 424 and sends nothing, the landing page of a code sent
// before the change does not redirect, and verify answers 424. Against the built app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  codeOfLink,
  createProject,
  mailbox,
  randomEmail,
  secretKeyHeader,
  setupProject,
  type TestProject,
  verifyChallenge,
} from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { createWorkflow } from '../support/hosted';
import { getPage as page, pressContinue as pressContinueAt } from '../support/pages';
import { expectProblem } from '../support/problem';

let app: AppServer;
let secretToken: string;

beforeAll(async () => {
  app = await startApp();
  ({ secretToken } = await setupProject(app));
});
afterAll(async () => {
  await app?.stop();
});

const key = () => secretKeyHeader(secretToken);
const NAME = 'Moved Origins Co';

async function projectWithWorkflow(): Promise<{ project: TestProject; workflowKey: string }> {
  const project: TestProject = await createProject(app.url, secretToken, { name: NAME });
  const { workflowKey } = await createWorkflow(app.url, secretToken, project, {
    clientRedirectUrl: 'http://localhost:4321/welcome',
  });
  return { project, workflowKey };
}

/** Moves the project to other origins: the workflow's clientRedirectUrl stays on the old one. */
async function moveOrigins(project: TestProject) {
  const res = await api(app.url, 'PUT', `/api/projects/${project.id}`, {
    headers: key(),
    body: {
      name: project.name,
      allowedOrigin: 'https://app.example.com',
      redirectUrl: 'https://app.example.com/callback',
    },
  });
  expect(res.status, res.text).toBe(200);
}

async function startSession(workflowKey: string) {
  return api(app.url, 'POST', '/api/uauth/session', { headers: key(), body: { workflowKey } });
}

function submitEmail(sessionId: string, email: string) {
  return fetch(`${app.url}/uauth/submit`, {
    method: 'POST',
    body: new URLSearchParams({ sessionId, email }),
    redirect: 'manual',
    headers: { origin: app.url },
  });
}

const pressContinue = (code: string) => pressContinueAt(app.url, code);

describe('a workflow whose redirect is no longer on its project origins', () => {
  it('POST /api/uauth/session answers 424 workflow_dependency_failed (and 201 again once fixed)', async () => {
    const { project, workflowKey } = await projectWithWorkflow();
    expect((await startSession(workflowKey)).status).toBe(201);
    await moveOrigins(project);
    const refused = await startSession(workflowKey);
    expectProblem(refused, 424, 'workflow_dependency_failed');
    expect(refused.data.detail).toMatch(/clientRedirectUrl/);

    const fixed = await api(app.url, 'PUT', `/api/projects/${project.id}/workflows/${workflowKey}`, {
      headers: key(),
      body: { policyId: 'sign_up_sign_in', clientRedirectUrl: 'https://app.example.com/welcome' },
    });
    expect(fixed.status, fixed.text).toBe(200);
    expect((await startSession(workflowKey)).status).toBe(201);
  });

  it('the hosted page of a session started before the change: "misconfigured" card, status 424, no form, sends nothing', async () => {
    const { project, workflowKey } = await projectWithWorkflow();
    const started = await startSession(workflowKey);
    expect(started.status, started.text).toBe(201);
    const url: string = started.data.getSessionUrl;
    const sessionId = new URL(url).searchParams.get('sessionId') ?? '';
    expect((await page(url)).status).toBe(200);

    await moveOrigins(project);
    const shown = await page(url);
    expect(shown.status).toBe(424);
    expect(shown.text).toMatch(/This sign-in is misconfigured/);
    expect(shown.text).toMatch(/contact/i);
    expect(shown.text).toContain(NAME);
    expect(shown.html).not.toMatch(/<form\b/);
    expect(shown.html).not.toMatch(/type="email"/);

    // a form loaded before the change, posted now: nothing is sent
    const email = randomEmail('misconfigured');
    const submitted = await submitEmail(sessionId, email);
    expect(submitted.status).toBe(303);
    expect(await mailbox(app.url, email)).toHaveLength(0);
  });

  it('a code sent before the change: its landing page shows the card (424) and Continue does not lead to the old origin; verify 424', async () => {
    const { project, workflowKey } = await projectWithWorkflow();
    const started = await startSession(workflowKey);
    const sessionId = new URL(started.data.getSessionUrl).searchParams.get('sessionId') ?? '';
    const email = randomEmail('before-move');
    expect((await submitEmail(sessionId, email)).status).toBe(303);
    const [message] = await mailbox(app.url, email);
    expect(message).toBeDefined();
    const link = message!.links.find((l) => l.includes('/l/')) ?? '';
    const code = codeOfLink(link);
    // before the change Continue leads to the workflow's page
    expect((await pressContinue(code)).headers.get('location')).toMatch(/^http:\/\/localhost:4321\/welcome\?/);

    await moveOrigins(project);
    const landing = await page(link);
    expect(landing.status).toBe(424);
    expect(landing.location).toBeNull();
    expect(landing.text).toMatch(/This sign-in is misconfigured/);
    expect(landing.html).not.toMatch(/action="\/l\/continue"/);

    const cont = await pressContinue(code);
    expect(cont.status).toBe(303);
    const location = cont.headers.get('location') ?? '';
    expect(location).not.toContain('localhost:4321');
    expect(location).toBe(`${app.url}/l/${code}`);

    const verified = await verifyChallenge(app.url, project, code);
    expect(verified.status, verified.text).toBe(424);
    expect(verified.data.code).toBe('workflow_dependency_failed');
  });
});

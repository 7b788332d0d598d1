// One-time setup against a running UAuth: creates a project and a hosted-login workflow
// for this app and writes .env.local. Usage (from examples/next-app):
//   UAUTH_SECRET_KEY=sk_… npm run setup
// Optional: UAUTH_URL (default http://localhost:3000), APP_URL (default http://localhost:3001).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createServerClient } from '@uauth/client';

const baseUrl = process.env.UAUTH_URL ?? 'http://localhost:3000';
const appUrl = (process.env.APP_URL ?? 'http://localhost:3001').replace(/\/+$/, '');
const secretKey = process.env.UAUTH_SECRET_KEY;
if (!secretKey) {
  console.error('Set UAUTH_SECRET_KEY (from `npm run cli -- org create …` in the UAuth repository).');
  process.exit(1);
}

const uauth = createServerClient({ baseUrl, secretKey });
const project = await uauth.projects.create({
  name: 'Example app',
  allowedOrigin: appUrl,
  redirectUrl: `${appUrl}/auth/callback`,
});
const workflow = await uauth.workflows.create(project.id, {
  policyId: 'sign_up_sign_in',
  clientRedirectUrl: `${appUrl}/auth/callback`,
  name: 'Example app',
});

const env = [
  `UAUTH_URL=${baseUrl}`,
  `UAUTH_PROJECT_ID=${project.id}`,
  `UAUTH_CLIENT_TOKEN=${project.clientToken}`,
  `UAUTH_WORKFLOW_KEY=${workflow.workflowKey}`,
  `UAUTH_SECRET_KEY=${secretKey}`,
  '',
].join('\n');
writeFileSync(path.join(import.meta.dirname, '..', '.env.local'), env, { mode: 0o600 });
console.log(`Project ${project.id} and workflow ${workflow.workflowKey} created; wrote .env.local.`);
console.log(`Now: npm run dev, then open ${appUrl}`);

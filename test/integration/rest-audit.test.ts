// Changes made through the REST API are in the organization's audit log like dashboard
// changes: the domain functions record them in the change's transaction, with the secret
// key as the actor ("API key sk_…abcd", audit_events.secret_key_id). A refused change
// records nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, randomEmail, runCli } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';
import { request, signIn } from '../support/dashboard';
import { connect } from '../support/postgres';

let app: AppServer;
let sql: ReturnType<typeof connect>;

beforeAll(async () => {
  app = await startApp();
  sql = connect(app.databaseUrl ?? '');
});
afterAll(async () => {
  await sql?.end();
  await app?.stop();
});

type AuditRow = {
  action: string;
  target_id: string;
  actor_email: string;
  account_id: string | null;
  secret_key_id: string | null;
  details: Record<string, unknown> | null;
};

async function auditOf(organizationId: string): Promise<AuditRow[]> {
  return sql<AuditRow[]>`select action, target_id, actor_email, account_id, secret_key_id, details
    from audit_events where organization_id = ${organizationId} order by created_at, id`;
}

describe('audit of REST API changes', () => {
  it('project create/update/delete and workflow create/update/delete are recorded with the key as actor', async () => {
    const ownerEmail = randomEmail('owner');
    const org = await runCli(app.env, ['org', 'create', '--name', 'Audited Org', '--email', ownerEmail]);
    expect(org.code, org.stderr).toBe(0);
    const { organizationId, secretToken } = org.json as { organizationId: string; secretToken: string };
    const headers = { 'x-upid-organization-key': secretToken };
    const [key] = await sql<Array<{ id: string; last_four: string }>>`select id, last_four from secret_keys
      where organization_id = ${organizationId}`;
    if (!key) throw new Error('no key');
    expect(secretToken.endsWith(key.last_four)).toBe(true);
    expect(await auditOf(organizationId)).toEqual([]);

    const settings = { allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/callback' };
    const created = await api(app.url, 'POST', '/api/projects', { headers, body: { name: 'Audited', ...settings } });
    expect(created.status, created.text).toBe(201);
    const projectId: string = created.data.id;
    const updated = await api(app.url, 'PUT', `/api/projects/${projectId}`, {
      headers,
      body: { name: 'Audited 2', ...settings, sessionValidSeconds: 600 },
    });
    expect(updated.status, updated.text).toBe(200);
    const workflow = await api(app.url, 'POST', `/api/projects/${projectId}/workflows`, {
      headers,
      body: { name: 'Hosted', policyId: 'sign_in', clientRedirectUrl: 'http://localhost:4321/done' },
    });
    expect(workflow.status, workflow.text).toBe(201);
    const workflowKey: string = workflow.data.workflowKey;
    const wfPath = `/api/projects/${projectId}/workflows/${workflowKey}`;
    const changedWorkflow = await api(app.url, 'PUT', wfPath, {
      headers,
      body: { name: 'Hosted 2', policyId: 'sign_up_sign_in', clientRedirectUrl: 'http://localhost:4321/done' },
    });
    expect(changedWorkflow.status, changedWorkflow.text).toBe(200);
    expect((await api(app.url, 'DELETE', wfPath, { headers })).status).toBe(204);
    expect((await api(app.url, 'DELETE', `/api/projects/${projectId}`, { headers })).status).toBe(204);

    const rows = await auditOf(organizationId);
    expect(rows.map((r) => [r.action, r.target_id])).toEqual([
      ['project.created', projectId],
      ['project.changed', projectId],
      ['workflow.created', workflowKey],
      ['workflow.changed', workflowKey],
      ['workflow.deleted', workflowKey],
      ['project.deleted', projectId],
    ]);
    for (const row of rows) {
      expect(row.actor_email).toBe(`API key sk_…${key.last_four}`);
      expect(row.secret_key_id).toBe(key.id);
      expect(row.account_id).toBeNull();
    }
    expect(rows[1]?.details).toEqual({ name: 'Audited 2', changed: ['name', 'sessionValidSeconds'] });
    expect(rows[3]?.details).toEqual({ projectId, name: 'Hosted 2', policyId: 'sign_up_sign_in' });

    // The organization's audit log in the dashboard shows them with the key as actor.
    const { jar } = await signIn(app.url, ownerEmail);
    const page = await request(app.url, jar, 'GET', '/dashboard/audit');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`API key sk_…${key.last_four}`);
    expect(page.text).toContain('Project deleted');
  });

  it('a refused change records nothing', async () => {
    const org = await runCli(app.env, ['org', 'create', '--name', 'Refused Org', '--email', randomEmail('owner')]);
    expect(org.code, org.stderr).toBe(0);
    const { organizationId, secretToken } = org.json as { organizationId: string; secretToken: string };
    const headers = { 'x-upid-organization-key': secretToken };
    const missing = crypto.randomUUID();
    const body = { name: 'X', allowedOrigin: 'http://localhost:4321', redirectUrl: 'http://localhost:4321/cb' };
    expect((await api(app.url, 'PUT', `/api/projects/${missing}`, { headers, body })).status).toBe(404);
    expect((await api(app.url, 'DELETE', `/api/projects/${missing}`, { headers })).status).toBe(404);
    const created = await api(app.url, 'POST', '/api/projects', { headers, body });
    expect(created.status).toBe(201);
    // a workflow redirecting off the project's origins is refused (400): nothing recorded for it
    const refused = await api(app.url, 'POST', `/api/projects/${created.data.id}/workflows`, {
      headers,
      body: { policyId: 'sign_in', clientRedirectUrl: 'https://elsewhere.example/done' },
    });
    expect(refused.status, refused.text).toBe(400);
    expect((await auditOf(organizationId)).map((r) => r.action)).toEqual(['project.created']);
  });
});

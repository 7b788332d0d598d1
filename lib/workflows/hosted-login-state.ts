// What a hosted login is in now, read in one query: what the hosted page (/uauth) shows
// and what startHostedSignIn checks before it sends. A module of its own, without the
// send path, so that proxy.ts (which decides the page's status) does not bundle the mail
// stack.
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../db/client';
import { type HostedLogin, hostedLogins, type Project, projects, type Workflow, workflows } from '../db/schema';
import { isRedirectAllowed } from './redirect-rule';

export type HostedLoginState =
  | { kind: 'ready'; session: HostedLogin; workflow: Workflow; project: Project }
  | { kind: 'expired' | 'completed' | 'misconfigured'; project: Project }
  | { kind: 'invalid' };

/**
 * What the hosted login page shows for a sessionId. `misconfigured`: the workflow's
 * clientRedirectUrl is no longer on one of the project's origins (they changed since), so
 * the page offers no form and sends nothing.
 */
export async function loadHostedLogin(sessionId: string | undefined): Promise<HostedLoginState> {
  if (!sessionId || !/^[0-9a-f]{32}$/.test(sessionId)) return { kind: 'invalid' };
  const db = await getDb();
  const [row] = await db
    .select({ session: hostedLogins, workflow: workflows, project: projects })
    .from(hostedLogins)
    .innerJoin(workflows, and(eq(workflows.id, hostedLogins.workflowId), isNull(workflows.deletedAt)))
    .innerJoin(projects, and(eq(projects.id, workflows.projectId), isNull(projects.deletedAt)))
    .where(eq(hostedLogins.id, sessionId));
  if (!row) return { kind: 'invalid' };
  if (row.session.completedAt) return { kind: 'completed', project: row.project };
  if (!isRedirectAllowed(row.project, row.workflow.clientRedirectUrl))
    return { kind: 'misconfigured', project: row.project };
  if (row.session.expiresAt <= new Date()) return { kind: 'expired', project: row.project };
  return { kind: 'ready', ...row };
}

// Hosted logins: an app's server asks for one, sends the
// user's browser to getSessionUrl (/uauth?sessionId=…), and the hosted page signs the
// user in with the same magic-link machinery as the REST API.
import { randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { type EndUser, sendChallenge } from '../challenges/send-challenge';
import { getDb } from '../db/client';
import { hostedLogins, projects, workflows } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { type HostedLoginState, loadHostedLogin } from './hosted-login-state';
import { isRedirectAllowed } from './redirect-rule';
import { hostedLoginDtoSchema } from './schemas';

export const HOSTED_LOGIN_TTL_MS = 30 * 60 * 1000;

const misconfiguredMessage =
  "This workflow's clientRedirectUrl is no longer on the origin of one of its project's allowedOrigins or redirectUrls: update the workflow or the project.";

export async function createHostedLogin(
  organizationId: string,
  input: { workflowKey: string; state?: string | undefined },
): Promise<{ getSessionUrl: string }> {
  const db = await getDb();
  const [row] = await db
    .select({ workflow: workflows, project: projects })
    .from(workflows)
    .innerJoin(projects, eq(projects.id, workflows.projectId))
    .where(and(eq(workflows.workflowKey, input.workflowKey), eq(workflows.organizationId, organizationId)));
  if (!row || row.workflow.deletedAt)
    throw new AppError('workflow_invalid', 'This workflow does not exist or does not belong to your organization.');
  if (row.project.deletedAt)
    throw new AppError('workflow_dependency_failed', "This workflow's project has been deleted.");
  if (!isRedirectAllowed(row.project, row.workflow.clientRedirectUrl))
    throw new AppError('workflow_dependency_failed', misconfiguredMessage);

  const id = randomBytes(16).toString('hex');
  await db.insert(hostedLogins).values({
    id,
    organizationId,
    workflowId: row.workflow.id,
    state: input.state ?? null,
    expiresAt: new Date(Date.now() + HOSTED_LOGIN_TTL_MS),
  });
  return { getSessionUrl: `${getEnv().APP_URL}/uauth?sessionId=${id}` };
}

/** GET /api/uauth/session/{id}: 404 for unknown, expired or another organization's. */
export async function getHostedLogin(organizationId: string, sessionId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ session: hostedLogins, workflow: workflows })
    .from(hostedLogins)
    .innerJoin(workflows, eq(workflows.id, hostedLogins.workflowId))
    .where(
      and(
        eq(hostedLogins.id, sessionId),
        eq(hostedLogins.organizationId, organizationId),
        gt(hostedLogins.expiresAt, new Date()),
      ),
    );
  if (!row) throw new AppError('not_found', 'No such hosted login (it may have expired).');
  return hostedLoginDtoSchema.parse({
    workflowKey: row.workflow.workflowKey,
    policyId: row.workflow.policyId,
    clientRedirectUrl: row.workflow.clientRedirectUrl,
    status: row.session.completedAt ? 'completed' : 'pending',
    expiresAt: row.session.expiresAt.toISOString(),
  });
}

/**
 * The hosted page's form: email a magic link that comes back to the workflow's
 * clientRedirectUrl with code, sessionId and state. Limits, the `sign_in` policy (an
 * address that is not yet a user gets nothing, as late as a real send) and the project's
 * allowSignUp are sendChallenge's, exactly as for POST /api/challenge/send; the caller
 * shows the very same page either way.
 */
export async function startHostedSignIn(
  sessionId: string,
  emailAddress: string,
  request: { endUser: EndUser; startedAt: number },
): Promise<HostedLoginState['kind']> {
  const hosted = await loadHostedLogin(sessionId);
  if (hosted.kind !== 'ready') return hosted.kind;
  const { session, workflow, project } = hosted;
  const redirectUrl = new URL(workflow.clientRedirectUrl);
  redirectUrl.searchParams.set('sessionId', session.id);
  await sendChallenge({
    project,
    emailAddress,
    state: session.state ?? undefined,
    redirectUrl: redirectUrl.href,
    hostedLoginId: session.id,
    existingUserOnly: workflow.policyId === 'sign_in',
    endUser: request.endUser,
    requestStartedAt: request.startedAt,
  });
  return 'ready';
}

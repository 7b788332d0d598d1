// Workflows of a project: how its hosted login page behaves. Scoped by organization and project; a
// clientRedirectUrl must stay on the project's own origins (no open redirects).
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { type AuditActor, recordAudit } from '../audit/record';
import { type Database, getDb } from '../db/client';
import { type Project, type Workflow, workflows } from '../db/schema';
import { AppError } from '../errors';
import { invalidCursor, MAX_PAGE_SIZE, type Page, type PageQuery, pageOf } from '../http/pagination';
import { getProject } from '../projects/projects';
import { isRedirectAllowed } from './redirect-rule';
import { type WorkflowDto, type WorkflowInput, workflowDtoSchema } from './schemas';

export function toWorkflowDto(workflow: Workflow): WorkflowDto {
  return workflowDtoSchema.parse({
    ...workflow,
    createdAt: workflow.createdAt.toISOString(),
    updatedAt: workflow.updatedAt.toISOString(),
  });
}

function assertRedirectAllowed(project: Project, clientRedirectUrl: string): void {
  if (isRedirectAllowed(project, clientRedirectUrl)) return;
  const message = "must be on the origin of one of the project's allowedOrigins or redirectUrls";
  throw new AppError('validation_failed', `Invalid request: clientRedirectUrl: ${message}`, {
    errors: [{ path: 'clientRedirectUrl', message }],
  });
}

const live = (projectId: string) => and(eq(workflows.projectId, projectId), isNull(workflows.deletedAt));

/**
 * A page of a project's live workflows, oldest first (createdAt, then id); the project as
 * getProject found it in the caller's organization.
 */
export async function listWorkflows(
  project: Pick<Project, 'id'>,
  page: PageQuery = { limit: MAX_PAGE_SIZE },
): Promise<Page<Workflow>> {
  const db = await getDb();
  let after: SQL | undefined;
  if (page.cursor !== undefined) {
    // the cursor must name a workflow of this project (a deleted one still marks its place)
    const [mark] = await db
      .select({ id: workflows.id })
      .from(workflows)
      .where(and(eq(workflows.projectId, project.id), eq(workflows.id, page.cursor)));
    if (!mark) throw invalidCursor();
    // compared in SQL: created_at has microseconds, a JS Date only milliseconds
    after = sql`(${workflows.createdAt}, ${workflows.id}) > (select m.created_at, m.id from workflows m where m.id = ${mark.id})`;
  }
  const rows = await db
    .select()
    .from(workflows)
    .where(and(live(project.id), after))
    .orderBy(asc(workflows.createdAt), asc(workflows.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit);
}

/** The audit entry of a workflow change, written in the change's transaction. */
function auditWorkflow(
  tx: Pick<Database, 'insert'>,
  organizationId: string,
  actor: AuditActor,
  action: 'workflow.created' | 'workflow.changed' | 'workflow.deleted',
  workflow: Pick<Workflow, 'projectId' | 'workflowKey' | 'name' | 'policyId'>,
): Promise<void> {
  return recordAudit(tx, organizationId, actor, {
    action,
    targetType: 'workflow',
    targetId: workflow.workflowKey,
    details:
      action === 'workflow.deleted'
        ? { projectId: workflow.projectId }
        : { projectId: workflow.projectId, name: workflow.name, policyId: workflow.policyId },
  });
}

/** The project a workflow is written to, once its clientRedirectUrl is known to stay on the project's origins. */
async function projectForWrite(organizationId: string, projectId: string, input: WorkflowInput) {
  const project = await getProject(organizationId, projectId);
  assertRedirectAllowed(project, input.clientRedirectUrl);
  return { project, db: await getDb() };
}

export async function createWorkflow(
  organizationId: string,
  projectId: string,
  input: WorkflowInput,
  actor: AuditActor,
): Promise<Workflow> {
  const { project, db } = await projectForWrite(organizationId, projectId, input);
  return db.transaction(async (tx) => {
    const [workflow] = await tx
      .insert(workflows)
      .values({ ...input, organizationId, projectId: project.id })
      .returning();
    if (!workflow) throw new Error('insert into workflows returned no row');
    await auditWorkflow(tx, organizationId, actor, 'workflow.created', workflow);
    return workflow;
  });
}

export async function getWorkflow(organizationId: string, projectId: string, workflowKey: string): Promise<Workflow> {
  const project = await getProject(organizationId, projectId);
  const db = await getDb();
  const [workflow] = await db
    .select()
    .from(workflows)
    .where(and(live(project.id), eq(workflows.workflowKey, workflowKey)));
  if (!workflow) throw new AppError('not_found', `No workflow ${workflowKey} in this project.`);
  return workflow;
}

export async function updateWorkflow(
  organizationId: string,
  projectId: string,
  workflowKey: string,
  input: WorkflowInput,
  actor: AuditActor,
): Promise<Workflow> {
  const { project, db } = await projectForWrite(organizationId, projectId, input);
  return db.transaction(async (tx) => {
    const [workflow] = await tx
      .update(workflows)
      .set(input)
      .where(and(live(project.id), eq(workflows.workflowKey, workflowKey)))
      .returning();
    if (!workflow) throw new AppError('not_found', `No workflow ${workflowKey} in this project.`);
    await auditWorkflow(tx, organizationId, actor, 'workflow.changed', workflow);
    return workflow;
  });
}

export async function deleteWorkflow(
  organizationId: string,
  projectId: string,
  workflowKey: string,
  actor: AuditActor,
): Promise<void> {
  const project = await getProject(organizationId, projectId);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .update(workflows)
      .set({ deletedAt: new Date() })
      .where(and(live(project.id), eq(workflows.workflowKey, workflowKey)))
      .returning();
    if (!deleted) throw new AppError('not_found', `No workflow ${workflowKey} in this project.`);
    await auditWorkflow(tx, organizationId, actor, 'workflow.deleted', deleted);
  });
}

// Workflows of a project (UAuth, seed 000). Scoped by organization and project; a
// clientRedirectUrl must stay on the project's own origins (no open redirects).
import { and, asc, eq, isNull } from 'drizzle-orm';
import { getDb } from '../db/client';
import { workflows, type Project, type Workflow } from '../db/schema';
import { AppError } from '../errors';
import { getProject } from '../projects/projects';
import { isSameOrigin } from '../validation';
import { workflowDtoSchema, type WorkflowDto, type WorkflowInput } from './schemas';

export function toWorkflowDto(workflow: Workflow): WorkflowDto {
  return workflowDtoSchema.parse({
    ...workflow,
    createdAt: workflow.createdAt.toISOString(),
    updatedAt: workflow.updatedAt.toISOString(),
  });
}

function assertRedirectAllowed(project: Project, clientRedirectUrl: string): void {
  if (isSameOrigin(clientRedirectUrl, project.allowedOrigin) || isSameOrigin(clientRedirectUrl, project.redirectUrl)) return;
  const message = "must be on the project's allowedOrigin or redirectUrl origin";
  throw new AppError('validation_failed', `Invalid request: clientRedirectUrl: ${message}`, {
    errors: [{ path: 'clientRedirectUrl', message }],
  });
}

const live = (projectId: string) => and(eq(workflows.projectId, projectId), isNull(workflows.deletedAt));

export async function listWorkflows(organizationId: string, projectId: string): Promise<Workflow[]> {
  const project = await getProject(organizationId, projectId);
  const db = await getDb();
  return db.select().from(workflows).where(live(project.id)).orderBy(asc(workflows.createdAt), asc(workflows.id));
}

export async function createWorkflow(organizationId: string, projectId: string, input: WorkflowInput): Promise<Workflow> {
  const project = await getProject(organizationId, projectId);
  assertRedirectAllowed(project, input.clientRedirectUrl);
  const db = await getDb();
  const [workflow] = await db
    .insert(workflows)
    .values({ ...input, organizationId, projectId: project.id })
    .returning();
  if (!workflow) throw new Error('insert into workflows returned no row');
  return workflow;
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
): Promise<Workflow> {
  const project = await getProject(organizationId, projectId);
  assertRedirectAllowed(project, input.clientRedirectUrl);
  const db = await getDb();
  const [workflow] = await db
    .update(workflows)
    .set(input)
    .where(and(live(project.id), eq(workflows.workflowKey, workflowKey)))
    .returning();
  if (!workflow) throw new AppError('not_found', `No workflow ${workflowKey} in this project.`);
  return workflow;
}

export async function deleteWorkflow(organizationId: string, projectId: string, workflowKey: string): Promise<void> {
  const project = await getProject(organizationId, projectId);
  const db = await getDb();
  const deleted = await db
    .update(workflows)
    .set({ deletedAt: new Date() })
    .where(and(live(project.id), eq(workflows.workflowKey, workflowKey)))
    .returning({ id: workflows.id });
  if (deleted.length === 0) throw new AppError('not_found', `No workflow ${workflowKey} in this project.`);
}

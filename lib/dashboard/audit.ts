// Audit events: what developers did in the dashboard (keys, projects, templates,
// workflows, members). Written next to the change they describe; read by the activity pages.
import { and, desc, eq, or, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { auditEvents, type AuditEvent } from '../db/schema';
import type { DashboardAccount } from './accounts';

export type AuditAction =
  | 'project.created'
  | 'project.changed'
  | 'project.deleted'
  | 'template.changed'
  | 'template.reset'
  | 'secret_key.created'
  | 'secret_key.revoked'
  | 'member.invited'
  | 'member.removed'
  | 'workflow.created'
  | 'workflow.changed'
  | 'workflow.deleted'
  | 'session.revoked';

export type RecordAuditOptions = {
  action: AuditAction;
  targetType: 'project' | 'secret_key' | 'account' | 'workflow' | 'session';
  targetId: string;
  details?: Record<string, unknown>;
};

export async function recordAudit(actor: DashboardAccount, options: RecordAuditOptions): Promise<void> {
  const db = await getDb();
  await db.insert(auditEvents).values({
    organizationId: actor.organizationId,
    accountId: actor.id,
    actorEmail: actor.email,
    action: options.action,
    targetType: options.targetType,
    targetId: options.targetId,
    details: options.details ?? null,
  });
}

/** The organization's newest events; with projectId, those about that project only. */
export async function listAuditEvents(
  organizationId: string,
  options: { projectId?: string; limit?: number } = {},
): Promise<AuditEvent[]> {
  const db = await getDb();
  const scope = options.projectId
    ? and(
        eq(auditEvents.organizationId, organizationId),
        or(
          and(eq(auditEvents.targetType, 'project'), eq(auditEvents.targetId, options.projectId)),
          sql`${auditEvents.details}->>'projectId' = ${options.projectId}`,
        ),
      )
    : eq(auditEvents.organizationId, organizationId);
  return db
    .select()
    .from(auditEvents)
    .where(scope)
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(options.limit ?? 50);
}

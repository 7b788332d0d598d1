// Audit events: what developers did in the dashboard (keys, projects, templates,
// workflows, members, invitations). Written next to the change they describe; read by the
// activity pages. An entry belongs to the organization the change was made in — for an
// invitation accepted or declined, the inviting organization.
import { and, desc, eq, or, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import type { Account } from '../db/schema';
import { type AuditEvent, auditEvents } from '../db/schema';

export type AuditAction =
  | 'project.created'
  | 'project.changed'
  | 'project.deleted'
  | 'template.changed'
  | 'template.reset'
  | 'secret_key.created'
  | 'secret_key.revoked'
  /** Entries written before invitations were offers (kept for old rows). */
  | 'member.invited'
  | 'member.removed'
  | 'member.left'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'invitation.accepted'
  | 'invitation.declined'
  | 'workflow.created'
  | 'workflow.changed'
  | 'workflow.deleted'
  | 'session.revoked';

export type RecordAuditOptions = {
  action: AuditAction;
  targetType: 'project' | 'secret_key' | 'account' | 'workflow' | 'session' | 'invitation';
  targetId: string;
  details?: Record<string, unknown>;
};

/** Who did it, and in which organization. */
export type AuditActor = Pick<Account, 'id' | 'email'> & { organizationId: string };

export async function recordAudit(actor: AuditActor, options: RecordAuditOptions): Promise<void> {
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

// The audit log as the dashboard reads it (the audit page, each project's activity tab).
// Entries are written by the domain functions that make the changes (lib/audit/record.ts).
import { and, desc, eq, or, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { type AuditEvent, auditEvents } from '../db/schema';

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

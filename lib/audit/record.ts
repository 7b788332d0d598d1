// Audit events: what developers changed — projects, templates, workflows, secret keys,
// members, invitations, end users and their sessions, signing keys — whether in the dashboard,
// through the REST API or from the command line.
// Each domain function that makes such a change records it here, in the same transaction as
// the change, so an entry exists exactly when the change does. An entry belongs to the
// organization the change was made in (for an invitation accepted or declined, the inviting
// organization). The dashboard's audit log and activity tabs read them (lib/dashboard/audit.ts).
import type { Database } from '../db/client';
import { type Account, auditEvents, type SecretKey } from '../db/schema';

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
  | 'session.revoked'
  | 'user.sessions_revoked'
  | 'user.deleted'
  | 'signing_key.rotated';

export type RecordAuditOptions = {
  action: AuditAction;
  targetType: 'project' | 'secret_key' | 'account' | 'workflow' | 'session' | 'invitation' | 'user' | 'signing_key';
  targetId: string;
  details?: Record<string, unknown>;
};

/** A dashboard account (a person), by id and address. */
export type AccountActor = Pick<Account, 'id' | 'email'>;
/** An organization secret key, the credential of a REST API call. */
export type SecretKeyActor = { secretKeyId: SecretKey['id']; lastFour: SecretKey['lastFour'] };
/** The server's operator, through `npm run cli` (which acts for any organization). */
export type CommandLineActor = { commandLine: true };
export const COMMAND_LINE: CommandLineActor = { commandLine: true };
/** Who made a change. */
export type AuditActor = AccountActor | SecretKeyActor | CommandLineActor;

/** The actor as the audit log shows it: the account's address, "API key sk_…abcd", or "command line". */
export function actorLabel(actor: AuditActor): string {
  if ('commandLine' in actor) return 'command line';
  return 'secretKeyId' in actor ? `API key sk_…${actor.lastFour}` : actor.email;
}

/** The account behind an actor, when a person made the change. */
export function actorAccountId(actor: AuditActor): string | null {
  return 'id' in actor ? actor.id : null;
}

/** Records one change; `db` is the transaction that makes it. */
export async function recordAudit(
  db: Pick<Database, 'insert'>,
  organizationId: string,
  actor: AuditActor,
  options: RecordAuditOptions,
): Promise<void> {
  await db.insert(auditEvents).values({
    organizationId,
    accountId: actorAccountId(actor),
    secretKeyId: 'secretKeyId' in actor ? actor.secretKeyId : null,
    actorEmail: actorLabel(actor),
    action: options.action,
    targetType: options.targetType,
    targetId: options.targetId,
    details: options.details ?? null,
  });
}

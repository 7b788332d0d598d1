import type { AuditEvent } from '@/lib/db/schema';
import { DataTable, EmptyState } from './data-table';
import { formatDate } from './format';

const labels: Record<string, string> = {
  'project.created': 'Project created',
  'project.changed': 'Project settings changed',
  'project.deleted': 'Project deleted',
  'template.changed': 'Email template changed',
  'template.reset': 'Email template reset',
  'secret_key.created': 'Secret key created',
  'secret_key.revoked': 'Secret key revoked',
  'member.invited': 'Member invited',
  'member.removed': 'Member removed',
  'member.left': 'Member left',
  'invitation.created': 'Invitation sent',
  'invitation.revoked': 'Invitation revoked',
  'invitation.accepted': 'Invitation accepted',
  'invitation.declined': 'Invitation declined',
  'workflow.created': 'Workflow created',
  'workflow.changed': 'Workflow changed',
  'workflow.deleted': 'Workflow deleted',
  'session.revoked': 'User session revoked',
  'user.sessions_revoked': "All of a user's sessions revoked",
  'user.deleted': 'User deleted',
  'signing_key.rotated': 'Signing key rotated',
};

function summarize(event: AuditEvent): string {
  const d = event.details ?? {};
  const parts = [d.name, d.email, d.lastFour ? `…${String(d.lastFour)}` : null].filter(
    (v) => typeof v === 'string' && v,
  );
  const revoked = Array.isArray(d.revokedKeys) ? d.revokedKeys.length : 0;
  if (revoked > 0) parts.push(`(${revoked} key${revoked === 1 ? '' : 's'} revoked)`);
  return parts.join(' ');
}

/** The audit list: who did what, when. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <DataTable
      columns={['What', 'Detail', 'Who', 'When']}
      rows={events}
      rowKey={(e) => e.id}
      rowTestId="audit-row"
      empty={
        <EmptyState title="Nothing recorded yet">
          Changes made in the dashboard or through the REST API with a secret key (projects, keys, templates, workflows,
          members, invitations) are listed here.
        </EmptyState>
      }
      cells={(e) => (
        <>
          <td>{labels[e.action] ?? e.action}</td>
          <td>{summarize(e)}</td>
          <td>{e.actorEmail}</td>
          <td>{formatDate(e.createdAt)}</td>
        </>
      )}
    />
  );
}

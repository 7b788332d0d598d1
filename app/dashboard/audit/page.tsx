import { listAuditEvents } from '@/lib/dashboard/audit';
import { requireAccount } from '@/lib/dashboard/cookie';
import { AuditTable } from '../_components/audit-table';

// The organization's audit log: the newest dashboard actions.
export default async function AuditPage() {
  const account = await requireAccount();
  const events = await listAuditEvents(account.organizationId, { limit: 100 });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p>The last 100 changes made in the dashboard of {account.organizationName}.</p>
        </div>
      </div>
      <section className="panel">
        <AuditTable events={events} />
      </section>
    </>
  );
}

import { listSecretKeys } from '@/lib/auth/secret-keys';
import { requireAccount } from '@/lib/dashboard/cookie';
import { createKeyAction, revokeKeyAction } from '../_actions/organization';
import { RevokeForm } from '../_components/button-form';
import { DashForm } from '../_components/dash-form';
import { DataTable, EmptyState } from '../_components/data-table';
import { Flash, type SearchParams } from '../_components/flash';
import { formatDate } from '../_components/format';
import { StatusBadge } from '../_components/status-badge';

// Secret keys of the organization: create (shown once), list by name, last four and
// creator, revoke.
export default async function KeysPage({ searchParams }: { searchParams: SearchParams }) {
  const account = await requireAccount();
  const keys = await listSecretKeys(account.organizationId);
  const active = keys.filter((k) => !k.revokedAt).length;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Secret keys</h1>
          <p>
            Server-side credentials of {account.organizationName} (header x-upid-organization-key). Keep them out of
            browsers.
          </p>
        </div>
      </div>
      <Flash params={await searchParams} />
      <section className="panel" aria-labelledby="new-key">
        <h2 id="new-key">Create a key</h2>
        <p className="hint">
          To rotate: create a new key, deploy it, then revoke the old one. Several keys can be active at once.
        </p>
        <DashForm
          name="create-key"
          action={createKeyAction}
          fields={[{ name: 'name', label: 'Key name', placeholder: 'Production server', required: true }]}
          submitLabel="Create key"
          layout="inline"
          secretLabel="secret key"
        />
      </section>
      <section className="panel" aria-labelledby="keys">
        <h2 id="keys">
          Keys <StatusBadge>{active} active</StatusBadge>
        </h2>
        <DataTable
          columns={['Name', 'Key', 'Created', 'Created by', 'Last used', 'Status', '']}
          rows={keys}
          rowKey={(k) => k.id}
          rowTestId="key-row"
          empty={
            <EmptyState title="No keys yet">Create one above to call the projects API from your server.</EmptyState>
          }
          cells={(k) => (
            <>
              <td>{k.name}</td>
              <td className="mono">sk_…{k.lastFour}</td>
              <td>{formatDate(k.createdAt)}</td>
              <td data-testid="key-creator">{k.createdBy ?? '—'}</td>
              <td>{formatDate(k.lastUsedAt)}</td>
              <td>
                {k.revokedAt ? (
                  <StatusBadge tone="red">revoked</StatusBadge>
                ) : (
                  <StatusBadge tone="green">active</StatusBadge>
                )}
              </td>
              <td>
                {k.revokedAt ? null : (
                  <RevokeForm action={revokeKeyAction} name="revoke-key" fields={{ keyId: k.id }} />
                )}
              </td>
            </>
          )}
        />
      </section>
    </>
  );
}

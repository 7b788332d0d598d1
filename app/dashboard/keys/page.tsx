import { listSecretKeys } from '@/lib/auth/secret-keys';
import { requireAccount } from '@/lib/dashboard/cookie';
import { createKeyAction, revokeKeyAction } from '../_actions/organization';
import { DashForm } from '../_components/dash-form';
import { Flash, type SearchParams } from '../_components/flash';
import { formatDate } from '../_components/format';
import { SubmitButton } from '../_components/submit-button';

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
          Keys <span className="badge">{active} active</span>
        </h2>
        {keys.length === 0 ? (
          <div className="empty">
            <strong>No keys yet</strong>
            Create one above to call the projects API from your server.
          </div>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Key</th>
                  <th>Created</th>
                  <th>Created by</th>
                  <th>Last used</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id} data-testid="key-row">
                    <td>{k.name}</td>
                    <td className="mono">sk_…{k.lastFour}</td>
                    <td>{formatDate(k.createdAt)}</td>
                    <td data-testid="key-creator">{k.createdByEmail ?? '—'}</td>
                    <td>{formatDate(k.lastUsedAt)}</td>
                    <td>
                      {k.revokedAt ? (
                        <span className="badge red">revoked</span>
                      ) : (
                        <span className="badge green">active</span>
                      )}
                    </td>
                    <td>
                      {k.revokedAt ? null : (
                        <form action={revokeKeyAction} data-form="revoke-key">
                          <input type="hidden" name="keyId" value={k.id} />
                          <SubmitButton className="btn danger small" pendingText="Revoking…">
                            Revoke
                          </SubmitButton>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

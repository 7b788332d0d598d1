import { listMembers } from '@/lib/dashboard/accounts';
import { requireAccount } from '@/lib/dashboard/session';
import { inviteMemberAction, removeMemberAction } from '../_actions/organization';
import { DashForm } from '../_components/dash-form';
import { Flash, type SearchParams } from '../_components/flash';
import { formatDate } from '../_components/format';
import { SubmitButton } from '../_components/submit-button';

// Members of the organization: invite by email; they sign in at /login and see the same projects.
export default async function MembersPage({ searchParams }: { searchParams: SearchParams }) {
  const account = await requireAccount();
  const members = await listMembers(account.organizationId);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Members</h1>
          <p>Everyone here manages every project of {account.organizationName}.</p>
        </div>
      </div>
      <Flash params={await searchParams} />
      <section className="panel" aria-labelledby="invite">
        <h2 id="invite">Invite a teammate</h2>
        <p className="hint">They sign in at /login with this address, no password.</p>
        <DashForm
          name="invite-member"
          action={inviteMemberAction}
          fields={[{ name: 'email', label: 'Email address', type: 'email', placeholder: 'teammate@example.com', required: true }]}
          submitLabel="Invite"
          layout="inline"
        />
      </section>
      <section className="panel" aria-labelledby="members">
        <h2 id="members">Members</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>Added</th>
                <th>Last sign-in</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id} data-testid="member-row">
                  <td>
                    {m.email} {m.id === account.id ? <span className="badge">you</span> : null}
                  </td>
                  <td>{m.role}</td>
                  <td>{formatDate(m.createdAt)}</td>
                  <td>{m.lastSignInAt ? formatDate(m.lastSignInAt) : <span className="badge amber">invited</span>}</td>
                  <td>
                    {m.id === account.id || account.role !== 'owner' ? null : (
                      <form action={removeMemberAction} data-form="remove-member">
                        <input type="hidden" name="accountId" value={m.id} />
                        <SubmitButton className="btn danger small" pendingText="Removing…">
                          Remove
                        </SubmitButton>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

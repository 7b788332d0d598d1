import { listSecretKeys } from '@/lib/auth/secret-keys';
import { requireAccount } from '@/lib/dashboard/cookie';
import { listOrganizationInvitations } from '@/lib/organizations/invitations';
import { listMembers } from '@/lib/organizations/memberships';
import {
  inviteMemberAction,
  leaveOrganizationAction,
  removeMemberAction,
  revokeInvitationAction,
} from '../_actions/organization';
import { DashForm } from '../_components/dash-form';
import { Flash, type SearchParams } from '../_components/flash';
import { formatDate } from '../_components/format';
import { SubmitButton } from '../_components/submit-button';

// Members of the current organization and its open invitations. Owners invite (an offer
// the invitee accepts after signing in), revoke invitations and remove members — and with
// a member, the keys they created if ticked. Anyone may leave, except the last owner.
export default async function MembersPage({ searchParams }: { searchParams: SearchParams }) {
  const account = await requireAccount();
  const isOwner = account.role === 'owner';
  const [members, invitations, keys] = await Promise.all([
    listMembers(account.organizationId),
    listOrganizationInvitations(account.organizationId),
    isOwner ? listSecretKeys(account.organizationId) : Promise.resolve([]),
  ]);
  const now = new Date();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Members</h1>
          <p>Everyone here manages every project of {account.organizationName}.</p>
        </div>
      </div>
      <Flash params={await searchParams} />
      {isOwner ? (
        <section className="panel" aria-labelledby="invite">
          <h2 id="invite">Invite a teammate</h2>
          <p className="hint">
            We email them an invitation. They join once they sign in at /login with this address and accept it (open 7
            days).
          </p>
          <DashForm
            name="invite-member"
            action={inviteMemberAction}
            fields={[
              {
                name: 'email',
                label: 'Email address',
                type: 'email',
                placeholder: 'teammate@example.com',
                required: true,
              },
              {
                name: 'role',
                label: 'Role',
                type: 'select',
                defaultValue: 'member',
                options: [
                  { value: 'member', label: 'Member' },
                  { value: 'owner', label: 'Owner (can invite and remove)' },
                ],
              },
            ]}
            submitLabel="Invite"
            layout="inline"
          />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="members">
        <h2 id="members">Members</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>Email</th>
                <th>Role</th>
                <th>Joined</th>
                <th>Last sign-in</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const theirKeys = keys.filter((k) => k.createdByAccountId === m.id && !k.revokedAt);
                return (
                  <tr key={m.id} data-testid="member-row">
                    <td>
                      {m.email} {m.id === account.id ? <span className="badge">you</span> : null}
                    </td>
                    <td>{m.role}</td>
                    <td>{formatDate(m.joinedAt)}</td>
                    <td>{formatDate(m.lastSignInAt)}</td>
                    <td>
                      {m.id === account.id || !isOwner ? null : (
                        <form action={removeMemberAction} data-form="remove-member">
                          <input type="hidden" name="accountId" value={m.id} />
                          {theirKeys.length > 0 ? (
                            <fieldset className="checks">
                              <legend>Also revoke keys they created:</legend>
                              {theirKeys.map((k) => (
                                <label key={k.id}>
                                  <input type="checkbox" name="revokeKeyId" value={k.id} />
                                  {k.name} (sk_…{k.lastFour})
                                </label>
                              ))}
                            </fieldset>
                          ) : null}
                          <SubmitButton className="btn danger small" pendingText="Removing…">
                            Remove {m.email}
                          </SubmitButton>
                        </form>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel" aria-labelledby="pending">
        <h2 id="pending">Invitations</h2>
        {invitations.length === 0 ? (
          <p className="hint">No open invitations.</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>Email</th>
                  <th>Role</th>
                  <th>Invited by</th>
                  <th>Sent</th>
                  <th>Status</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id} data-testid="invitation-row">
                    <td>{i.email}</td>
                    <td>{i.role}</td>
                    <td>{i.invitedByEmail}</td>
                    <td>{formatDate(i.createdAt)}</td>
                    <td>
                      {i.expiresAt > now ? (
                        <span className="badge amber">pending until {formatDate(i.expiresAt)}</span>
                      ) : (
                        <span className="badge red">expired</span>
                      )}
                    </td>
                    <td>
                      {isOwner ? (
                        <form action={revokeInvitationAction} data-form="revoke-invitation">
                          <input type="hidden" name="invitationId" value={i.id} />
                          <SubmitButton className="btn danger small" pendingText="Revoking…">
                            Revoke
                          </SubmitButton>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="leave">
        <h2 id="leave">Leave {account.organizationName}</h2>
        <p className="hint">You lose access to its projects and keys at once. The keys you created stay active.</p>
        <DashForm
          name="leave-organization"
          action={leaveOrganizationAction}
          fields={[]}
          submitLabel="Leave organization"
          danger
        />
      </section>
    </>
  );
}

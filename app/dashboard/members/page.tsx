import { listSecretKeys, type SecretKeySummary } from '@/lib/auth/secret-keys';
import { requireAccount } from '@/lib/dashboard/cookie';
import { listOrganizationInvitations } from '@/lib/organizations/invitations';
import { listMembers } from '@/lib/organizations/memberships';
import {
  inviteMemberAction,
  leaveOrganizationAction,
  removeMemberAction,
  revokeInvitationAction,
} from '../_actions/organization';
import { ButtonForm, RevokeForm } from '../_components/button-form';
import { DashForm } from '../_components/dash-form';
import { DataTable } from '../_components/data-table';
import { Flash, type SearchParams } from '../_components/flash';
import { formatDate } from '../_components/format';
import { StatusBadge } from '../_components/status-badge';

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
        <DataTable
          columns={['Email', 'Role', 'Joined', 'Last sign-in', { hidden: 'Actions' }]}
          rows={members}
          rowKey={(m) => m.id}
          rowTestId="member-row"
          cells={(m) => (
            <>
              <td>
                {m.email} {m.id === account.id ? <StatusBadge>you</StatusBadge> : null}
              </td>
              <td>{m.role}</td>
              <td>{formatDate(m.joinedAt)}</td>
              <td>{formatDate(m.lastSignInAt)}</td>
              <td>
                {m.id === account.id || !isOwner ? null : (
                  <RemoveMemberForm
                    member={m}
                    keys={keys.filter((k) => k.createdByAccountId === m.id && !k.revokedAt)}
                  />
                )}
              </td>
            </>
          )}
        />
      </section>
      <section className="panel" aria-labelledby="pending">
        <h2 id="pending">Invitations</h2>
        <DataTable
          columns={['Email', 'Role', 'Invited by', 'Sent', 'Status', { hidden: 'Actions' }]}
          rows={invitations}
          rowKey={(i) => i.id}
          rowTestId="invitation-row"
          empty={<p className="hint">No open invitations.</p>}
          cells={(i) => (
            <>
              <td>{i.email}</td>
              <td>{i.role}</td>
              <td>{i.invitedByEmail}</td>
              <td>{formatDate(i.createdAt)}</td>
              <td>
                {i.expiresAt > now ? (
                  <StatusBadge tone="amber">pending until {formatDate(i.expiresAt)}</StatusBadge>
                ) : (
                  <StatusBadge tone="red">expired</StatusBadge>
                )}
              </td>
              <td>
                {isOwner ? (
                  <RevokeForm
                    action={revokeInvitationAction}
                    name="revoke-invitation"
                    fields={{ invitationId: i.id }}
                  />
                ) : null}
              </td>
            </>
          )}
        />
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

/** Remove a member, offering to revoke the keys they created (ticked boxes). */
function RemoveMemberForm({
  member,
  keys,
}: {
  member: { id: string; email: string };
  keys: Pick<SecretKeySummary, 'id' | 'name' | 'lastFour'>[];
}) {
  return (
    <ButtonForm
      action={removeMemberAction}
      name="remove-member"
      fields={{ accountId: member.id }}
      kind="danger"
      pendingText="Removing…"
      before={
        keys.length > 0 ? (
          <fieldset className="checks">
            <legend>Also revoke keys they created:</legend>
            {keys.map((k) => (
              <label key={k.id}>
                <input type="checkbox" name="revokeKeyId" value={k.id} />
                {k.name} (sk_…{k.lastFour})
              </label>
            ))}
          </fieldset>
        ) : null
      }
    >
      Remove {member.email}
    </ButtonForm>
  );
}

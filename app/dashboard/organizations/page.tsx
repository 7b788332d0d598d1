import type { Metadata } from 'next';
import { requirePerson } from '@/lib/dashboard/cookie';
import { signUpAllowed } from '@/lib/dashboard/sign-up-policy';
import { defaultOrganizationName } from '@/lib/organizations/create-organization';
import { listInvitationsFor } from '@/lib/organizations/invitations';
import { listMembershipsOf } from '@/lib/organizations/memberships';
import { createOrganizationAction, switchOrganizationAction } from '../_actions/account';
import { ButtonForm } from '../_components/button-form';
import { DashForm } from '../_components/dash-form';
import { DataTable } from '../_components/data-table';
import { Flash, type SearchParams } from '../_components/flash';
import { InvitationsPanel } from '../_components/invitations-panel';
import { StatusBadge } from '../_components/status-badge';

export const metadata: Metadata = { title: 'Organizations' };

// /dashboard/organizations — the organizations of the signed-in person (open one), their
// invitations (accept or decline), and, for a person who belongs to none, "Create an
// organization" when DASHBOARD_SIGNUP allows it for their address. Every other dashboard
// page sends a person without an organization here.
export default async function OrganizationsPage({ searchParams }: { searchParams: SearchParams }) {
  const person = await requirePerson();
  const [memberships, invitations] = await Promise.all([
    listMembershipsOf(person.id),
    listInvitationsFor(person.email),
  ]);
  const canCreate = memberships.length === 0 && signUpAllowed(person.email);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Organizations</h1>
          <p>Signed in as {person.email}.</p>
        </div>
      </div>
      <Flash params={await searchParams} />
      <InvitationsPanel invitations={invitations} back="/dashboard/organizations" />
      {memberships.length > 0 ? (
        <section className="panel" aria-labelledby="yours">
          <h2 id="yours">Your organizations</h2>
          <DataTable
            columns={['Name', 'Role', { hidden: 'Open' }]}
            rows={memberships}
            rowKey={(m) => m.organizationId}
            rowTestId="organization-row"
            cells={(m) => (
              <>
                <td>{m.organizationName}</td>
                <td>{m.role}</td>
                <td>
                  {m.organizationId === person.account?.organizationId ? (
                    <StatusBadge tone="green">current</StatusBadge>
                  ) : (
                    <ButtonForm
                      action={switchOrganizationAction}
                      name="open-organization"
                      fields={{ organizationId: m.organizationId }}
                      pendingText="Opening…"
                    >
                      Open {m.organizationName}
                    </ButtonForm>
                  )}
                </td>
              </>
            )}
          />
        </section>
      ) : (
        <section className="panel" aria-labelledby="none">
          <h2 id="none">You are not a member of any organization</h2>
          {canCreate ? (
            <>
              <p className="hint">Create one to manage your projects and keys, or accept an invitation above.</p>
              <DashForm
                name="create-organization"
                action={createOrganizationAction}
                fields={[
                  {
                    name: 'name',
                    label: 'Organization name',
                    defaultValue: defaultOrganizationName(person.email),
                    required: true,
                  },
                ]}
                submitLabel="Create an organization"
                layout="inline"
              />
            </>
          ) : (
            <p>
              {invitations.length > 0
                ? 'Accept an invitation above to join its organization.'
                : 'On this server organizations are joined by invitation. Ask an owner of your organization to invite this address.'}
            </p>
          )}
        </section>
      )}
    </>
  );
}

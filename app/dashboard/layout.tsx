import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { requirePerson } from '@/lib/dashboard/cookie';
import { listMembershipsOf } from '@/lib/organizations/memberships';
import { switchOrganizationAction } from './_actions/account';
import { signOutAction } from './_actions/organization';
import { ButtonForm } from './_components/button-form';
import { NavLinks } from './_components/nav-links';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: { default: 'Dashboard', template: '%s · UAuth dashboard' } };

// The dashboard shell: nav, the current organization with a switcher (a plain form post,
// so it works without JavaScript), the account and sign-out. A person who belongs to no
// organization sees only the organizations page (its pages send them there).
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const person = await requirePerson();
  const current = person.account;
  const others = current
    ? (await listMembershipsOf(person.id)).filter((o) => o.organizationId !== current.organizationId)
    : [];
  return (
    <>
      <header className="dash-nav">
        <div className="inner">
          <Link className="brand" href="/dashboard">
            UAuth
          </Link>
          {current ? <NavLinks /> : <nav aria-label="Dashboard" />}
          <div className="who">
            <span>{person.email}</span>
            {current ? (
              <span>
                · <span data-testid="org-name">{current.organizationName}</span>
              </span>
            ) : null}
            {others.length > 0 ? (
              <form action={switchOrganizationAction} data-form="switch-organization" className="switcher">
                <label htmlFor="organization-switcher" className="visually-hidden">
                  Switch to organization
                </label>
                <select id="organization-switcher" name="organizationId">
                  {others.map((o) => (
                    <option key={o.organizationId} value={o.organizationId}>
                      {o.organizationName}
                    </option>
                  ))}
                </select>
                <button type="submit" className="btn secondary small">
                  Switch
                </button>
              </form>
            ) : null}
            <Link href="/dashboard/organizations">Organizations</Link>
            <ButtonForm action={signOutAction} name="sign-out" pendingText="Signing out…">
              Sign out
            </ButtonForm>
          </div>
        </div>
      </header>
      <main className="dash">{children}</main>
    </>
  );
}

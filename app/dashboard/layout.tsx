import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireAccount } from '@/lib/dashboard/session';
import { signOutAction } from './_actions/organization';
import { NavLinks } from './_components/nav-links';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: { default: 'Dashboard', template: '%s · UAuth dashboard' } };

// The dashboard shell: nav with the organization, the account and sign-out.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const account = await requireAccount();
  return (
    <>
      <header className="dash-nav">
        <div className="inner">
          <Link className="brand" href="/dashboard">
            UAuth
          </Link>
          <NavLinks />
          <div className="who">
            <span title={account.organizationName}>
              {account.email} · <span data-testid="org-name">{account.organizationName}</span>
            </span>
            <form action={signOutAction} data-form="sign-out">
              <button type="submit" className="btn secondary small">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="dash">{children}</main>
    </>
  );
}

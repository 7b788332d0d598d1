// The dashboard's sign-in cookie: an iron-session sealed cookie that holds the account
// id, the current organization and the sign-in time. Every page and action re-reads the
// account and its membership of that organization from the database (requireAccount), so
// a removed member loses the organization at once, and sign-out records the time in
// accounts.signed_out_at so that a copied cookie stops working too. Within one page view
// (layouts, page, loaders) the person is read once: currentPerson is a React cache().
import { hkdfSync } from 'node:crypto';
import { getIronSession, type SessionOptions } from 'iron-session';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { getEnv } from '../env';
import { cookieAttributes, dashboardCookie } from '../http/cookies';
import { type DashboardAccount, type DashboardPerson, getDashboardPerson, signOutAccount } from './accounts';

type CookieData = { accountId?: string; organizationId?: string; signedInAt?: number };

/** Where a signed-in person who belongs to no organization goes: invitations, and maybe "Create". */
export const NO_ORGANIZATION_PATH = '/dashboard/organizations';

let password: string | undefined;

/** The cookie password: derived from SESSION_SECRET, distinct from the outbox sealing key. */
function cookiePassword(): string {
  password ??= Buffer.from(hkdfSync('sha256', getEnv().SESSION_SECRET, 'uauth', 'dashboard-cookie-v1', 32)).toString(
    'hex',
  );
  return password;
}

function sessionOptions(): SessionOptions {
  return {
    cookieName: dashboardCookie.name,
    password: cookiePassword(),
    ttl: dashboardCookie.maxAgeSeconds,
    cookieOptions: cookieAttributes(dashboardCookie),
  };
}

async function cookieSession() {
  return getIronSession<CookieData>(await cookies(), sessionOptions());
}

/**
 * The signed-in person (with their current organization, if any), or null. Read once per
 * server render (React cache: the dashboard layout, a section's layout, the page and the
 * project loader all ask); route handlers and Server Actions, which run outside a render,
 * read it on each call.
 */
export const currentPerson = cache(async (): Promise<DashboardPerson | null> => {
  const session = await cookieSession();
  if (!session.accountId || typeof session.signedInAt !== 'number') return null;
  const person = await getDashboardPerson(session.accountId, session.organizationId);
  // A cookie from before the account's last sign-out (on any device) is dead.
  if (!person || (person.signedOutAt && session.signedInAt <= person.signedOutAt.getTime())) return null;
  return person;
});

/** The signed-in account in its current organization, or null. */
export async function currentAccount(): Promise<DashboardAccount | null> {
  return (await currentPerson())?.account ?? null;
}

/** The signed-in person; otherwise the browser goes to /login. */
export async function requirePerson(): Promise<DashboardPerson> {
  const person = await currentPerson();
  if (!person) redirect('/login');
  return person;
}

/**
 * The signed-in account in its current organization; otherwise the browser goes to
 * /login, or — signed in but a member of no organization — to the organizations page.
 */
export async function requireAccount(): Promise<DashboardAccount> {
  const person = await requirePerson();
  if (!person.account) redirect(NO_ORGANIZATION_PATH);
  return person.account;
}

/** A new dashboard cookie (sign-in); organizationId null: the oldest membership, if any. */
export async function signInToDashboard(accountId: string, organizationId: string | null): Promise<void> {
  const session = await cookieSession();
  session.accountId = accountId;
  session.organizationId = organizationId ?? undefined;
  session.signedInAt = Date.now();
  await session.save();
}

/** Makes an organization current (the caller checked the membership; requests re-check it). */
export async function setCurrentOrganization(organizationId: string | null): Promise<void> {
  const session = await cookieSession();
  if (!session.accountId) return;
  session.organizationId = organizationId ?? undefined;
  await session.save();
}

/** Sign-out: clears the cookie, and ends every session of the account on the server too. */
export async function signOutOfDashboard(): Promise<void> {
  const session = await cookieSession();
  if (session.accountId) await signOutAccount(session.accountId);
  session.destroy();
}

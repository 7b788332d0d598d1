// The dashboard's sign-in cookie: an iron-session sealed cookie that holds only the
// account id. Every page and action re-reads the account from the database
// (requireAccount), so a removed member is signed out at once, and sign-out records the
// time in accounts.signed_out_at so that a copied cookie stops working too.
import { hkdfSync } from 'node:crypto';
import { getIronSession, type SessionOptions } from 'iron-session';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getEnv } from '../env';
import { getAccount, signOutAccount, type DashboardAccount } from './accounts';

export const DASHBOARD_COOKIE = 'uauth_dashboard';
export const DASHBOARD_SESSION_TTL_SECONDS = 7 * 24 * 3600;

type CookieData = { accountId?: string; signedInAt?: number };

let password: string | undefined;

/** The cookie password: derived from SESSION_SECRET, distinct from the outbox sealing key. */
function cookiePassword(): string {
  password ??= Buffer.from(hkdfSync('sha256', getEnv().SESSION_SECRET, 'uauth', 'dashboard-cookie-v1', 32)).toString('hex');
  return password;
}

export function isSecureAppUrl(): boolean {
  return getEnv().APP_URL.startsWith('https:');
}

function sessionOptions(): SessionOptions {
  return {
    cookieName: DASHBOARD_COOKIE,
    password: cookiePassword(),
    ttl: DASHBOARD_SESSION_TTL_SECONDS,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: isSecureAppUrl(), path: '/' },
  };
}

async function cookieSession() {
  return getIronSession<CookieData>(await cookies(), sessionOptions());
}

/** The signed-in account, or null. */
export async function currentAccount(): Promise<DashboardAccount | null> {
  const session = await cookieSession();
  if (!session.accountId || typeof session.signedInAt !== 'number') return null;
  const account = await getAccount(session.accountId);
  // A cookie from before the account's last sign-out (on any device) is dead.
  if (!account || (account.signedOutAt && session.signedInAt <= account.signedOutAt.getTime())) return null;
  return account;
}

/** The signed-in account; otherwise the browser goes to /login. */
export async function requireAccount(): Promise<DashboardAccount> {
  const account = await currentAccount();
  if (!account) redirect('/login');
  return account;
}

export async function startDashboardSession(accountId: string): Promise<void> {
  const session = await cookieSession();
  session.accountId = accountId;
  session.signedInAt = Date.now();
  await session.save();
}

/** Sign-out: clears the cookie, and ends every session of the account on the server too. */
export async function endDashboardSession(): Promise<void> {
  const session = await cookieSession();
  if (session.accountId) await signOutAccount(session.accountId);
  session.destroy();
}

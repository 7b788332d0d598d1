// Dashboard sign-in with UAuth's own magic links. The login form emails a link of the
// internal project (lib/dashboard/internal-project.ts); its landing page's Continue
// leads to /login/callback, which verifies the code and signs the account in.
import { randomBytes } from 'node:crypto';
import { sendChallenge } from '../challenges/send-challenge';
import { verifyChallenge } from '../challenges/verify-challenge';
import { AppError } from '../errors';
import { safeEqual } from '../tokens';
import { signInAccount, type DashboardAccount } from './accounts';
import { getDashboardProject } from './internal-project';

/** Cookie that ties a link to the browser that asked for it (login CSRF). */
export const LOGIN_STATE_COOKIE = 'uauth_login_state';
export const LOGIN_STATE_TTL_SECONDS = 30 * 60;

export function newLoginState(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Emails a dashboard sign-in link to any valid address: the page after it is the same
 * whether or not the address has an account (a new one gets an organization).
 */
export async function sendDashboardLink(emailAddress: string, state: string): Promise<void> {
  const project = await getDashboardProject();
  await sendChallenge({ project, emailAddress, state });
}

export type CallbackOutcome = { ok: true; account: DashboardAccount } | { ok: false; reason: 'browser' | 'link' };

/** The callback: same browser (state cookie), then the single-use verify, then the account. */
export async function completeDashboardSignIn(input: {
  code: string | null;
  state: string | null;
  expectedState: string | undefined;
}): Promise<CallbackOutcome> {
  if (!input.code || input.code.length > 512) return { ok: false, reason: 'link' };
  if (!input.state || !input.expectedState || !safeEqual(input.state, input.expectedState)) {
    return { ok: false, reason: 'browser' };
  }
  const project = await getDashboardProject();
  let email: string;
  try {
    const verified = await verifyChallenge(project, input.code);
    email = verified.user.emailAddress;
  } catch (error) {
    if (error instanceof AppError) return { ok: false, reason: 'link' };
    throw error;
  }
  return { ok: true, account: await signInAccount(email) };
}

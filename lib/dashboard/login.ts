// Dashboard sign-in with UAuth's own magic links. The login form emails a link of the
// internal project (lib/dashboard/internal-project.ts); its landing page's Continue
// leads to /login/callback, which verifies the code and signs the account in.
//
// Nobody can be signed in against their will: the form and the callback's confirmation
// accept only same-origin posts (isSameOriginPost), the link works only in the browser
// that asked for it (state cookie), and a link for another address than the one signed in
// asks before it replaces the session (needsAccountSwitch).
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { sendChallenge } from '../challenges/send-challenge';
import { waitLikeASend } from '../challenges/send-timing';
import { verifyChallenge } from '../challenges/verify-challenge';
import { getDb } from '../db/client';
import { challenges } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { hashToken, safeEqual } from '../tokens';
import { type SignedIn, signInAccount } from './accounts';
import { DASHBOARD_PROJECT_ID, getDashboardProject } from './internal-project';
import { maySignIn } from './sign-up-policy';

export function newLoginState(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * A sign-in form post (or the callback's confirmation) from UAuth's own pages: its Origin
 * is APP_URL's origin, or the browser says Sec-Fetch-Site: same-origin. A page of another
 * site cannot make a browser send either, so it cannot sign a visitor in (or mail them).
 */
export function isSameOriginPost(headers: Headers): boolean {
  const origin = headers.get('origin');
  if (origin !== null && origin === new URL(getEnv().APP_URL).origin) return true;
  return headers.get('sec-fetch-site') === 'same-origin';
}

/**
 * Emails a dashboard sign-in link when DASHBOARD_SIGNUP lets the address in (always for a
 * member or an invitee). To anyone else nothing is sent, after a wait as long as a send
 * takes from `startedAt`: the page after the form tells no one which case it was.
 */
export async function sendDashboardLink(emailAddress: string, state: string, startedAt: number): Promise<void> {
  if (!(await maySignIn(emailAddress))) {
    await waitLikeASend(startedAt);
    return;
  }
  const project = await getDashboardProject();
  await sendChallenge({ project, emailAddress, state, requestStartedAt: startedAt });
}

export type CallbackInput = { code: string | null; state: string | null; expectedState: string | undefined };

function stateMatches(input: CallbackInput): boolean {
  return Boolean(input.state && input.expectedState && safeEqual(input.state, input.expectedState));
}

const usableCode = (code: string | null): code is string => Boolean(code) && (code?.length ?? 0) <= 512;

/** The address a live dashboard link was sent to, read without using the link up; null if none. */
export async function dashboardLinkEmail(code: string | null): Promise<string | null> {
  if (!usableCode(code)) return null;
  const db = await getDb();
  const [row] = await db
    .select({ email: challenges.email })
    .from(challenges)
    .where(
      and(
        eq(challenges.codeHash, hashToken(code)),
        eq(challenges.projectId, DASHBOARD_PROJECT_ID),
        isNull(challenges.usedAt),
        isNull(challenges.failedAt),
        gt(challenges.expiresAt, new Date()),
      ),
    );
  return row?.email ?? null;
}

/**
 * The callback's GET with a dashboard cookie of `signedInEmail`: when the link (from this
 * browser) is for another address, the address to ask about — the link is not used up,
 * the session not replaced; only the confirmation's POST does that. Null: proceed.
 */
export async function needsAccountSwitch(input: CallbackInput, signedInEmail: string): Promise<string | null> {
  if (!stateMatches(input)) return null; // refused as usual, without using the link
  const email = await dashboardLinkEmail(input.code);
  return email && email !== signedInEmail ? email : null;
}

export type CallbackOutcome = ({ ok: true } & SignedIn) | { ok: false; reason: 'browser' | 'link' | 'not_invited' };

/**
 * The callback: same browser (state cookie), then the single-use verify, then the account
 * — subject, again, to DASHBOARD_SIGNUP: an invitation revoked since the link was sent
 * makes nothing ('not_invited').
 */
export async function completeDashboardSignIn(input: CallbackInput): Promise<CallbackOutcome> {
  if (!usableCode(input.code)) return { ok: false, reason: 'link' };
  if (!stateMatches(input)) return { ok: false, reason: 'browser' };
  const project = await getDashboardProject();
  let email: string;
  try {
    const verified = await verifyChallenge(project, input.code);
    email = verified.user.emailAddress;
  } catch (error) {
    if (error instanceof AppError) return { ok: false, reason: 'link' };
    throw error;
  }
  const signedIn = await signInAccount(email);
  return signedIn ? { ok: true, ...signedIn } : { ok: false, reason: 'not_invited' };
}

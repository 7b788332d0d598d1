// Who may get an organization by signing in to the dashboard (DASHBOARD_SIGNUP):
// `open` anyone, `invite` nobody (only invitations and existing memberships let a person
// in), `domains:…` anyone whose address is at one of those domains, invite for the rest.
// The CLI's `org create` is not subject to it: it is how the first owner is made.
import { type DashboardSignup, getEnv } from '../env';
import { hasPendingInvitation } from '../organizations/invitations';
import { hasAnyMembership } from '../organizations/memberships';
import { normalizeEmail } from '../tokens';

/** True when the setting lets this address create an organization of its own. */
export function signUpAllowed(emailAddress: string, setting: DashboardSignup = getEnv().DASHBOARD_SIGNUP): boolean {
  if (setting.mode === 'open') return true;
  if (setting.mode === 'invite') return false;
  const domain = normalizeEmail(emailAddress).split('@').pop() ?? '';
  return setting.domains.includes(domain);
}

/**
 * May this address be sent a dashboard sign-in link? When sign-up is allowed for it, yes;
 * otherwise only with a membership of some organization or a pending invitation.
 */
export async function maySignIn(emailAddress: string): Promise<boolean> {
  const email = normalizeEmail(emailAddress);
  if (signUpAllowed(email)) return true;
  return (await hasAnyMembership(email)) || (await hasPendingInvitation(email));
}

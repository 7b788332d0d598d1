// The email an invited person gets: who invited them to which organization, and the
// dashboard's sign-in page, where (signed in with this address) they accept or decline.
import { getEnv } from '../env';
import { log } from '../log';
import { sendMail } from '../mail/send-mail';
import { escapeHtml } from '../mail/template';
import { INVITATION_TTL_DAYS } from '../organizations/invitations';
import type { DashboardAccount } from './accounts';

/** True when the email went out; an invitation stands even when it did not. */
export async function sendInvitation(inviter: DashboardAccount, to: string): Promise<boolean> {
  const link = `${getEnv().APP_URL}/login`;
  const org = inviter.organizationName;
  const days = `${INVITATION_TTL_DAYS} days`;
  try {
    await sendMail({
      organizationId: inviter.organizationId,
      projectId: null,
      to,
      subject: `${inviter.email} invited you to ${org} on UAuth`.replace(/[\r\n]+/g, ' ').slice(0, 200),
      html: `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#18181b"><p>${escapeHtml(inviter.email)} invited you to join <strong>${escapeHtml(org)}</strong> on UAuth.</p><p><a href="${escapeHtml(link)}">Sign in to the dashboard</a> with this address (${escapeHtml(to)}) and choose Accept or Decline. The invitation is open for ${days}.</p></body></html>`,
      text: `${inviter.email} invited you to join ${org} on UAuth.\n\nSign in to the dashboard with this address (${to}) and choose Accept or Decline; the invitation is open for ${days}:\n${link}\n`,
    });
    return true;
  } catch (error) {
    log.error('invitation email failed', { err: error });
    return false;
  }
}

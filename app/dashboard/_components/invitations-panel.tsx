import type { ReceivedInvitation } from '@/lib/organizations/invitations';
import { acceptInvitationAction, declineInvitationAction } from '../_actions/account';
import { ButtonForm } from './button-form';
import { formatDate } from './format';

/** The signed-in person's open invitations: who invited them where, and Accept / Decline. */
export function InvitationsPanel({ invitations, back }: { invitations: ReceivedInvitation[]; back: string }) {
  if (invitations.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="invitations">
      <h2 id="invitations">Invitations</h2>
      <p className="hint">Nothing changes until you answer: accepting adds you to the organization and opens it.</p>
      <ul className="invitations">
        {invitations.map((i) => (
          <li key={i.id} data-testid="invitation">
            <div>
              <strong>{i.organizationName}</strong>
              <br />
              <span className="muted">
                {i.invitedByEmail} invited you as {i.role} on {formatDate(i.createdAt)} · open until{' '}
                {formatDate(i.expiresAt)}
              </span>
            </div>
            <div className="answer">
              <ButtonForm
                action={acceptInvitationAction}
                name="accept-invitation"
                fields={{ invitationId: i.id, back }}
                kind="primary"
                pendingText="Joining…"
              >
                Accept
              </ButtonForm>
              <ButtonForm
                action={declineInvitationAction}
                name="decline-invitation"
                fields={{ invitationId: i.id, back }}
                pendingText="Declining…"
              >
                Decline
              </ButtonForm>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { createOwnOrganization } from '@/lib/dashboard/accounts';
import { setCurrentOrganization } from '@/lib/dashboard/cookie';
import { type FormState, idField, textField } from '@/lib/dashboard/forms';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/http/input';
import { acceptInvitation, declineInvitation } from '@/lib/organizations/invitations';
import { isMemberOf } from '@/lib/organizations/memberships';
import { backPath, personButtonAction, personFormAction } from './run';

// Actions of the signed-in person, whatever organization they are in (or none):
// answering invitations, switching organization, creating their own.

export async function acceptInvitationAction(formData: FormData): Promise<void> {
  await personButtonAction(backPath(formData.get('back'), '/dashboard'), async (person) => {
    const invitation = await acceptInvitation(person, idField(formData, 'invitationId'));
    // Accepting opens the organization joined.
    await setCurrentOrganization(invitation.organizationId);
    return 'invitation_accepted';
  });
}

export async function declineInvitationAction(formData: FormData): Promise<void> {
  await personButtonAction(backPath(formData.get('back'), '/dashboard'), async (person) => {
    await declineInvitation(person, idField(formData, 'invitationId'));
    return 'invitation_declined';
  });
}

/** The switcher (a plain form post: works without JavaScript). */
export async function switchOrganizationAction(formData: FormData): Promise<void> {
  await personButtonAction('/dashboard', async (person) => {
    const organizationId = idField(formData, 'organizationId');
    if (!(await isMemberOf(person.id, organizationId))) {
      throw new AppError('not_found', 'You are not a member of that organization.');
    }
    await setCurrentOrganization(organizationId);
    return 'organization_switched';
  });
}

const organizationSchema = z.object({
  name: z.string().trim().max(100, 'must be at most 100 characters'),
});

export async function createOrganizationAction(_state: FormState, formData: FormData): Promise<FormState> {
  let created = false;
  const state = await personFormAction(formData, async (person) => {
    const { name } = parseInput(organizationSchema, { name: textField(formData, 'name') });
    const organizationId = await createOwnOrganization(person, name);
    await setCurrentOrganization(organizationId);
    created = true;
    return { status: 'ok' };
  });
  if (created) redirect('/dashboard?notice=organization_created');
  return state;
}

'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { createSecretKeySchema } from '@/lib/auth/schemas';
import { createSecretKey, revokeSecretKey } from '@/lib/auth/secret-keys';
import { setCurrentOrganization, signOutOfDashboard } from '@/lib/dashboard/cookie';
import { type FormState, idField, textField } from '@/lib/dashboard/forms';
import { sendInvitation } from '@/lib/dashboard/invitation';
import { parseInput } from '@/lib/http/input';
import { createInvitation, revokeInvitation } from '@/lib/organizations/invitations';
import { leaveOrganization, removeMember } from '@/lib/organizations/memberships';
import { emailSchema, uuidSchema } from '@/lib/validation';
import { buttonAction, formAction } from './run';

const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(['member', 'owner'], { error: 'must be member or owner' }),
});

export async function createKeyAction(_state: FormState, formData: FormData): Promise<FormState> {
  return formAction(formData, async (account) => {
    const { name } = parseInput(createSecretKeySchema, { name: textField(formData, 'name') });
    const key = await createSecretKey(account.organizationId, name, account);
    return { status: 'ok', message: `Key “${name}” created.`, secret: key.secretToken };
  });
}

export async function revokeKeyAction(formData: FormData): Promise<void> {
  await buttonAction('/dashboard/keys', async (account) => {
    await revokeSecretKey(account.organizationId, idField(formData, 'keyId'), account);
    return 'key_revoked';
  });
}

// The same answer whether or not the address has an account anywhere: an invitation is
// an offer, made and mailed alike for everyone (only "already a member here" is told).
export async function inviteMemberAction(_state: FormState, formData: FormData): Promise<FormState> {
  return formAction(formData, async (account) => {
    const { email, role } = parseInput(inviteSchema, {
      email: textField(formData, 'email'),
      role: textField(formData, 'role') || 'member',
    });
    await createInvitation(account, { email, role });
    const mailed = await sendInvitation(account, email);
    return {
      status: 'ok',
      message: mailed
        ? `${email} is invited: we emailed them. They join once they sign in with this address and accept.`
        : `${email} is invited, but the invitation email could not be sent: ask them to sign in at /login with this address to accept it.`,
    };
  });
}

export async function revokeInvitationAction(formData: FormData): Promise<void> {
  await buttonAction('/dashboard/members', async (account) => {
    await revokeInvitation(account, idField(formData, 'invitationId'));
    return 'invitation_revoked';
  });
}

export async function removeMemberAction(formData: FormData): Promise<void> {
  await buttonAction('/dashboard/members', async (account) => {
    const accountId = idField(formData, 'accountId');
    // the ticked "also revoke" boxes: keys this member created
    const keyIds = formData.getAll('revokeKeyId').flatMap((v) => {
      const id = uuidSchema.safeParse(v);
      return id.success ? [id.data] : [];
    });
    const removed = await removeMember(account, accountId, keyIds);
    return removed.revokedKeys.length > 0 ? 'member_removed_keys_revoked' : 'member_removed';
  });
}

export async function leaveOrganizationAction(_state: FormState, formData: FormData): Promise<FormState> {
  let left = false;
  const state = await formAction(formData, async (account) => {
    await leaveOrganization(account);
    left = true;
    return { status: 'ok' };
  });
  if (!left) return state;
  // Another organization of theirs (if any) becomes current; else the organizations page.
  await setCurrentOrganization(null);
  redirect('/dashboard?notice=left_organization');
}

export async function signOutAction(): Promise<void> {
  await signOutOfDashboard();
  redirect('/login');
}

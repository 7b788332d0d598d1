'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { createSecretKey, revokeSecretKey } from '@/lib/auth/secret-keys';
import { inviteMember, removeMember } from '@/lib/dashboard/accounts';
import { recordAudit } from '@/lib/dashboard/audit';
import { idField, parseForm, textField, type FormState } from '@/lib/dashboard/forms';
import { sendInvitation } from '@/lib/dashboard/invitation';
import { endDashboardSession } from '@/lib/dashboard/session';
import { emailSchema } from '@/lib/validation';
import { buttonAction, formAction } from './run';

const keyNameSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
});

export async function createKeyAction(_state: FormState, formData: FormData): Promise<FormState> {
  return formAction(formData, async (account) => {
    const { name } = parseForm(keyNameSchema, { name: textField(formData, 'name') });
    const key = await createSecretKey(account.organizationId, name);
    await recordAudit(account, { action: 'secret_key.created', targetType: 'secret_key', targetId: key.id, details: { name, lastFour: key.lastFour } });
    return { status: 'ok', message: `Key “${name}” created.`, secret: key.secretToken };
  });
}

export async function revokeKeyAction(formData: FormData): Promise<void> {
  await buttonAction('/dashboard/keys', async (account) => {
    const key = await revokeSecretKey(account.organizationId, idField(formData, 'keyId'));
    await recordAudit(account, { action: 'secret_key.revoked', targetType: 'secret_key', targetId: key.id, details: { name: key.name, lastFour: key.lastFour } });
    return 'key_revoked';
  });
}

export async function inviteMemberAction(_state: FormState, formData: FormData): Promise<FormState> {
  return formAction(formData, async (account) => {
    const { email } = parseForm(z.object({ email: emailSchema }), { email: textField(formData, 'email') });
    const member = await inviteMember(account.organizationId, email);
    await recordAudit(account, { action: 'member.invited', targetType: 'account', targetId: member.id, details: { email } });
    const mailed = await sendInvitation(account, email);
    return {
      status: 'ok',
      message: mailed
        ? `${email} is invited: we emailed them a link to the sign-in page.`
        : `${email} is invited, but the invitation email could not be sent: ask them to sign in at /login with this address.`,
    };
  });
}

export async function removeMemberAction(formData: FormData): Promise<void> {
  await buttonAction('/dashboard/members', async (account) => {
    const email = await removeMember(account, idField(formData, 'accountId'));
    await recordAudit(account, { action: 'member.removed', targetType: 'account', targetId: String(formData.get('accountId')), details: { email } });
    return 'member_removed';
  });
}

export async function signOutAction(): Promise<void> {
  await endDashboardSession();
  redirect('/login');
}

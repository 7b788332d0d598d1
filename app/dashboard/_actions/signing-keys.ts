'use server';

import { rotateSigningKey } from '@/lib/access-tokens/access-tokens';
import { idField } from '@/lib/dashboard/forms';
import { buttonAction, projectBack } from './run';

/** "Rotate signing key" on a project's Credentials tab (owners and members; audited). */
export async function rotateSigningKeyAction(formData: FormData): Promise<void> {
  await buttonAction(projectBack(formData, ''), async (account) => {
    const result = await rotateSigningKey(account.organizationId, idField(formData, 'projectId'), account);
    return result.created ? 'signing_key_staged' : 'signing_key_already_staged';
  });
}

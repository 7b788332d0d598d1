'use server';

import { idField } from '@/lib/dashboard/forms';
import { revokeUserSession } from '@/lib/users/users';
import { backPath, buttonAction, projectBack } from './run';

export async function revokeSessionAction(formData: FormData): Promise<void> {
  await buttonAction(backPath(formData.get('back'), projectBack(formData, '/users')), async (account) => {
    const projectId = idField(formData, 'projectId');
    const sessionId = idField(formData, 'sessionId');
    await revokeUserSession(account.organizationId, projectId, sessionId, account);
    return 'session_revoked';
  });
}

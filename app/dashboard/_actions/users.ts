'use server';

import { recordAudit } from '@/lib/dashboard/audit';
import { idField } from '@/lib/dashboard/forms';
import { revokeUserSession } from '@/lib/dashboard/users';
import { backPath, buttonAction, projectBack } from './run';

export async function revokeSessionAction(formData: FormData): Promise<void> {
  await buttonAction(backPath(formData.get('back'), projectBack(formData, '/users')), async (account) => {
    const projectId = idField(formData, 'projectId');
    const sessionId = idField(formData, 'sessionId');
    await revokeUserSession(account.organizationId, projectId, sessionId);
    await recordAudit(account, {
      action: 'session.revoked',
      targetType: 'session',
      targetId: sessionId,
      details: { projectId },
    });
    return 'session_revoked';
  });
}

'use server';

import { recordAudit } from '@/lib/dashboard/audit';
import { idField } from '@/lib/dashboard/forms';
import { revokeUserSession } from '@/lib/dashboard/users';
import { backPath, buttonAction } from './run';

export async function revokeSessionAction(formData: FormData): Promise<void> {
  const id = String(formData.get('projectId') ?? '');
  const fallback = /^[0-9a-f-]{36}$/.test(id) ? `/dashboard/projects/${id}/users` : '/dashboard';
  await buttonAction(backPath(formData.get('back'), fallback), async (account) => {
    const projectId = idField(formData, 'projectId');
    const sessionId = idField(formData, 'sessionId');
    await revokeUserSession(account.organizationId, projectId, sessionId);
    await recordAudit(account, { action: 'session.revoked', targetType: 'session', targetId: sessionId, details: { projectId } });
    return 'session_revoked';
  });
}

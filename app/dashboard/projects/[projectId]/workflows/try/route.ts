import { requireAccount } from '@/lib/dashboard/cookie';
import { formErrorCode, readFormPost, seeOther } from '@/lib/http/form-post';
import { uuidSchema } from '@/lib/validation';
import { createHostedLogin } from '@/lib/workflows/hosted-logins';
import { getWorkflow } from '@/lib/workflows/workflows';

export const dynamic = 'force-dynamic';

// POST /dashboard/projects/{projectId}/workflows/try — "Try it": start a hosted login of
// this workflow and open the hosted page (303). A plain form post so that it can open in
// a new tab; the SameSite=Lax cookie keeps it same-site.
export async function POST(
  request: Request,
  { params }: { params: Promise<{ projectId: string }> },
): Promise<Response> {
  const account = await requireAccount();
  const projectId = uuidSchema.safeParse((await params).projectId);
  const back = projectId.success ? `/dashboard/projects/${projectId.data}/workflows` : '/dashboard';
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  // not a form post (null): no workflow key
  const workflowKey = uuidSchema.safeParse(form?.get('workflowKey'));
  if (!projectId.success || !workflowKey.success) return seeOther(back, { error: 'not_found' });
  try {
    const workflow = await getWorkflow(account.organizationId, projectId.data, workflowKey.data);
    const { getSessionUrl } = await createHostedLogin(account.organizationId, {
      workflowKey: workflow.workflowKey,
      state: 'dashboard-try-it',
    });
    return seeOther(getSessionUrl);
  } catch (error) {
    return seeOther(back, { error: formErrorCode(error, 'try-it') });
  }
}

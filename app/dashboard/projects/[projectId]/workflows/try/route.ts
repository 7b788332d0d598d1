import { requireAccount } from '@/lib/dashboard/cookie';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { readFormPost } from '@/lib/http/form-post';
import { log } from '@/lib/log';
import { uuidSchema } from '@/lib/validation';
import { createHostedLogin } from '@/lib/workflows/hosted-logins';
import { getWorkflow } from '@/lib/workflows/workflows';

export const dynamic = 'force-dynamic';

// POST /dashboard/projects/{projectId}/workflows/try — "Try it": create a workflow
// session for this workflow and open the hosted page (303). A plain form post so that
// it can open in a new tab; the SameSite=Lax cookie keeps it same-site.
export async function POST(
  request: Request,
  { params }: { params: Promise<{ projectId: string }> },
): Promise<Response> {
  const { APP_URL } = getEnv();
  const account = await requireAccount();
  const projectId = uuidSchema.safeParse((await params).projectId);
  const back = projectId.success ? `${APP_URL}/dashboard/projects/${projectId.data}/workflows` : `${APP_URL}/dashboard`;
  // not a form post (null): no workflow key
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  const workflowKey = uuidSchema.safeParse(form?.get('workflowKey'));
  if (!projectId.success || !workflowKey.success) return seeOther(`${back}?error=not_found`);
  try {
    const workflow = await getWorkflow(account.organizationId, projectId.data, workflowKey.data);
    const { getSessionUrl } = await createHostedLogin(account.organizationId, {
      workflowKey: workflow.workflowKey,
      state: 'dashboard-try-it',
    });
    return seeOther(getSessionUrl);
  } catch (error) {
    if (error instanceof AppError) return seeOther(`${back}?error=not_found`);
    log.error('try-it failed', { err: error });
    return seeOther(`${back}?error=failed`);
  }
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

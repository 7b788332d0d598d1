import type { Workflow } from '@/lib/db/schema';
import { policyIds } from '@/lib/workflows/schemas';
import { listWorkflows } from '@/lib/workflows/workflows';
import { createWorkflowAction, deleteWorkflowAction, updateWorkflowAction } from '../../../_actions/workflows';
import { DashForm, type FieldSpec } from '../../../_components/dash-form';
import { Flash, type SearchParams } from '../../../_components/flash';
import { loadProject, type ProjectParams } from '../../../_components/load-project';
import { SubmitButton } from '../../../_components/submit-button';

const policyLabels: Record<(typeof policyIds)[number], string> = {
  sign_up_sign_in: 'Sign up or sign in (anyone)',
  sign_in: 'Sign in (existing users only)',
  sign_up: 'Sign up',
};

function workflowFields(redirectPlaceholder: string, workflow?: Workflow): FieldSpec[] {
  return [
    { name: 'name', label: 'Name', defaultValue: workflow?.name ?? '', placeholder: 'Web sign-in' },
    {
      name: 'policyId',
      label: 'Policy',
      type: 'select',
      defaultValue: workflow?.policyId ?? 'sign_up_sign_in',
      options: policyIds.map((p) => ({ value: p, label: policyLabels[p] })),
    },
    {
      name: 'clientRedirectUrl',
      label: 'Client redirect URL',
      type: 'url',
      defaultValue: workflow?.clientRedirectUrl ?? '',
      placeholder: redirectPlaceholder,
      help: "Where the hosted page's magic link returns (?code, sessionId, state); on the project's origins.",
    },
  ];
}

// Workflows: how the hosted login page behaves; "Try it" opens it for real.
export default async function WorkflowsPage({
  params,
  searchParams,
}: {
  params: ProjectParams;
  searchParams: SearchParams;
}) {
  const { account, project } = await loadProject(params);
  const workflows = (await listWorkflows(account.organizationId, project.id)).items;
  const query = await searchParams;
  return (
    <>
      <Flash params={query} />
      <section className="panel" aria-labelledby="workflows">
        <h2 id="workflows">Workflows</h2>
        <p className="hint">
          Your server creates a session with <code>POST /api/uauth/session</code> and a workflowKey, then sends the user
          to the hosted sign-in page.
        </p>
        {workflows.length === 0 ? (
          <div className="empty">
            <strong>No workflows yet</strong>
            Create one below to use the hosted sign-in page.
          </div>
        ) : (
          workflows.map((w) => (
            <div key={w.id} className="panel" data-testid="workflow">
              <div className="page-head" style={{ marginBottom: 12 }}>
                <div>
                  <h3 style={{ margin: 0 }}>{w.name ?? 'Untitled workflow'}</h3>
                  <p className="mono">workflowKey {w.workflowKey}</p>
                </div>
                <div className="row">
                  <form
                    method="post"
                    action={`/dashboard/projects/${project.id}/workflows/try`}
                    target="_blank"
                    data-form="try-workflow"
                    rel="noopener"
                  >
                    <input type="hidden" name="workflowKey" value={w.workflowKey} />
                    <button type="submit" className="btn secondary small">
                      Try it
                    </button>
                  </form>
                  <form action={deleteWorkflowAction} data-form="delete-workflow">
                    <input type="hidden" name="projectId" value={project.id} />
                    <input type="hidden" name="workflowKey" value={w.workflowKey} />
                    <SubmitButton className="btn danger small" pendingText="Deleting…">
                      Delete
                    </SubmitButton>
                  </form>
                </div>
              </div>
              <DashForm
                name="edit-workflow"
                action={updateWorkflowAction}
                hidden={{ projectId: project.id, workflowKey: w.workflowKey }}
                fields={workflowFields(project.redirectUrl, w)}
                submitLabel="Save workflow"
                layout="inline"
              />
            </div>
          ))
        )}
      </section>
      <section className="panel" aria-labelledby="new-workflow">
        <h2 id="new-workflow">Create a workflow</h2>
        <DashForm
          name="create-workflow"
          action={createWorkflowAction}
          hidden={{ projectId: project.id }}
          fields={workflowFields(project.redirectUrl)}
          submitLabel="Create workflow"
        />
      </section>
    </>
  );
}

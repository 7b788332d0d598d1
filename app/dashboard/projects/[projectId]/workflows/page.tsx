import type { Workflow } from '@/lib/db/schema';
import { policyIds } from '@/lib/workflows/schemas';
import { listWorkflows } from '@/lib/workflows/workflows';
import { createWorkflowAction, deleteWorkflowAction, updateWorkflowAction } from '../../../_actions/workflows';
import { ButtonForm } from '../../../_components/button-form';
import { DashForm, type FieldSpec } from '../../../_components/dash-form';
import { EmptyState } from '../../../_components/data-table';
import { Flash, type SearchParams } from '../../../_components/flash';
import { loadProject, type ProjectParams } from '../../../_components/load-project';

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
  const { project } = await loadProject(params);
  const workflows = (await listWorkflows(project)).items;
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
          <EmptyState title="No workflows yet">Create one below to use the hosted sign-in page.</EmptyState>
        ) : (
          workflows.map((w) => (
            <div key={w.id} className="panel" data-testid="workflow">
              <div className="page-head" style={{ marginBottom: 12 }}>
                <div>
                  <h3 style={{ margin: 0 }}>{w.name ?? 'Untitled workflow'}</h3>
                  <p className="mono">workflowKey {w.workflowKey}</p>
                </div>
                <div className="row">
                  <ButtonForm
                    action={`/dashboard/projects/${project.id}/workflows/try`}
                    name="try-workflow"
                    fields={{ workflowKey: w.workflowKey }}
                    target="_blank"
                  >
                    Try it
                  </ButtonForm>
                  <ButtonForm
                    action={deleteWorkflowAction}
                    name="delete-workflow"
                    fields={{ projectId: project.id, workflowKey: w.workflowKey }}
                    kind="danger"
                    pendingText="Deleting…"
                  >
                    Delete
                  </ButtonForm>
                </div>
              </div>
              <DashForm
                name="edit-workflow"
                action={updateWorkflowAction}
                hidden={{ projectId: project.id, workflowKey: w.workflowKey }}
                fields={workflowFields(project.redirectUrls[0] ?? '', w)}
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
          fields={workflowFields(project.redirectUrls[0] ?? '')}
          submitLabel="Create workflow"
        />
      </section>
    </>
  );
}

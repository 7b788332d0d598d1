import { sampleVariables } from '@/lib/dashboard/template';
import { resetTemplateAction, saveTemplateAction, sendTestEmailAction } from '../../../_actions/projects';
import { ButtonForm } from '../../../_components/button-form';
import { Flash, type SearchParams } from '../../../_components/flash';
import { loadProject, type ProjectParams } from '../../../_components/load-project';
import { StatusBadge } from '../../../_components/status-badge';
import { TemplateEditor } from '../../../_components/template-editor';

// Email template: subject and HTML with a live preview; reset; test email to yourself.
export default async function TemplatePage({
  params,
  searchParams,
}: {
  params: ProjectParams;
  searchParams: SearchParams;
}) {
  const { account, project } = await loadProject(params);
  return (
    <>
      <Flash params={await searchParams} />
      <section className="panel" aria-labelledby="template">
        <div className="page-head" style={{ marginBottom: 12 }}>
          <h2 id="template" style={{ margin: 0 }}>
            Email template{' '}
            {project.emailTemplate === null ? (
              <StatusBadge>default</StatusBadge>
            ) : (
              <StatusBadge tone="green">custom</StatusBadge>
            )}
          </h2>
          <div className="row">
            <ButtonForm
              action={sendTestEmailAction}
              name="test-email"
              fields={{ projectId: project.id }}
              pendingText="Sending…"
            >
              Send a test email to {account.email}
            </ButtonForm>
            <ButtonForm
              action={resetTemplateAction}
              name="reset-template"
              fields={{ projectId: project.id }}
              kind="danger"
              pendingText="Resetting…"
            >
              Reset to default
            </ButtonForm>
          </div>
        </div>
        <p className="hint">The test email uses the saved template. Save first to test your changes.</p>
        <TemplateEditor
          key={project.updatedAt.toISOString()}
          action={saveTemplateAction}
          projectId={project.id}
          subject={project.emailSubject}
          html={project.emailTemplate}
          sample={sampleVariables(project, account.email)}
        />
      </section>
    </>
  );
}

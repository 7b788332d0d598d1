import { sampleVariables } from '@/lib/dashboard/template';
import { resetTemplateAction, saveTemplateAction, sendTestEmailAction } from '../../../_actions/projects';
import { Flash, type SearchParams } from '../../../_components/flash';
import { loadProject, type ProjectParams } from '../../../_components/load-project';
import { SubmitButton } from '../../../_components/submit-button';
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
              <span className="badge">default</span>
            ) : (
              <span className="badge green">custom</span>
            )}
          </h2>
          <div className="row">
            <form action={sendTestEmailAction} data-form="test-email">
              <input type="hidden" name="projectId" value={project.id} />
              <SubmitButton className="btn secondary small" pendingText="Sending…">
                Send a test email to {account.email}
              </SubmitButton>
            </form>
            <form action={resetTemplateAction} data-form="reset-template">
              <input type="hidden" name="projectId" value={project.id} />
              <SubmitButton className="btn danger small" pendingText="Resetting…">
                Reset to default
              </SubmitButton>
            </form>
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

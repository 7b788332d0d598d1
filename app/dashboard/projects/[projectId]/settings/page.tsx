import { deleteProjectAction, updateSettingsAction } from '../../../_actions/projects';
import { DashForm } from '../../../_components/dash-form';
import { loadProject, type ProjectParams } from '../../../_components/load-project';
import { projectFields } from '../../../_components/project-fields';

// Settings: every CreateProjectDto field (subject and template on their own tab), and delete.
export default async function SettingsPage({ params }: { params: ProjectParams }) {
  const { project } = await loadProject(params);
  return (
    <>
      <section className="panel" aria-labelledby="settings">
        <h2 id="settings">Settings</h2>
        <DashForm
          name="project-settings"
          action={updateSettingsAction}
          hidden={{ projectId: project.id }}
          fields={projectFields(project)}
          submitLabel="Save settings"
        />
      </section>
      <section className="panel danger-zone" aria-labelledby="delete">
        <h2 id="delete">Delete this project</h2>
        <p className="hint">
          Its client token, magic links, users and sessions stop working at once. Type <strong>{project.name}</strong>{' '}
          to confirm.
        </p>
        <DashForm
          name="delete-project"
          action={deleteProjectAction}
          hidden={{ projectId: project.id }}
          fields={[{ name: 'confirm', label: 'Project name', placeholder: project.name }]}
          submitLabel={`Delete ${project.name}`}
          danger
        />
      </section>
    </>
  );
}

import Link from 'next/link';
import { requireAccount } from '@/lib/dashboard/cookie';
import { listInvitationsFor } from '@/lib/organizations/invitations';
import { listProjects } from '@/lib/projects/projects';
import { createProjectAction } from './_actions/projects';
import { DashForm } from './_components/dash-form';
import { EmptyState } from './_components/data-table';
import { Flash, type SearchParams } from './_components/flash';
import { InvitationsPanel } from './_components/invitations-panel';
import { projectFields } from './_components/project-fields';

// /dashboard — the current organization's projects, a form to create one, and the
// signed-in person's open invitations.
export default async function ProjectsPage({ searchParams }: { searchParams: SearchParams }) {
  const account = await requireAccount();
  const [{ items: projects }, invitations] = await Promise.all([
    listProjects(account.organizationId),
    listInvitationsFor(account.email),
  ]);
  const params = await searchParams;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Projects</h1>
          <p>Each project is one app that signs its users in with UAuth.</p>
        </div>
      </div>
      <Flash params={params} />
      <InvitationsPanel invitations={invitations} back="/dashboard" />
      {projects.length === 0 ? (
        <EmptyState title="No projects yet" className="panel">
          Create your first project below: you will get its projectId and client token, ready to call the API.
        </EmptyState>
      ) : (
        <div className="grid-cards">
          {projects.map((p) => (
            <Link key={p.id} className="project-card" href={`/dashboard/projects/${p.id}`}>
              <h2>{p.name}</h2>
              <p>{p.allowedOrigins.join(', ')}</p>
              <p className="mono">{p.id}</p>
            </Link>
          ))}
        </div>
      )}
      <section className="panel" aria-labelledby="new-project">
        <h2 id="new-project">Create a project</h2>
        <p className="hint">
          The origin your app runs on and the page of your app the magic link returns to (it receives ?code=…).
        </p>
        <DashForm
          name="create-project"
          action={createProjectAction}
          fields={projectFields()}
          submitLabel="Create project"
        />
      </section>
    </>
  );
}

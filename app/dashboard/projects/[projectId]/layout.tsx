import Link from 'next/link';
import type { ReactNode } from 'react';
import { loadProject, type ProjectParams } from '../../_components/load-project';
import { Tabs } from '../../_components/tabs';

// A project's header and section tabs.
export default async function ProjectLayout({ children, params }: { children: ReactNode; params: ProjectParams }) {
  const { project } = await loadProject(params);
  const base = `/dashboard/projects/${project.id}`;
  return (
    <>
      <div className="breadcrumb">
        <Link href="/dashboard">Projects</Link> / {project.name}
      </div>
      <div className="page-head">
        <div>
          <h1 data-testid="project-name">{project.name}</h1>
          <p>{project.allowedOrigins.join(', ')}</p>
        </div>
      </div>
      <Tabs
        items={[
          { href: base, label: 'Credentials' },
          { href: `${base}/settings`, label: 'Settings' },
          { href: `${base}/template`, label: 'Email template' },
          { href: `${base}/workflows`, label: 'Workflows' },
          { href: `${base}/users`, label: 'Users' },
          { href: `${base}/activity`, label: 'Activity' },
        ]}
      />
      {children}
    </>
  );
}

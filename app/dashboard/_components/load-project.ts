import { notFound } from 'next/navigation';
import { cache } from 'react';
import type { DashboardAccount } from '@/lib/dashboard/accounts';
import { requireAccount } from '@/lib/dashboard/cookie';
import type { Project } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { getProject } from '@/lib/projects/projects';
import { uuidSchema } from '@/lib/validation';

export type ProjectParams = Promise<{ projectId: string }>;

// Once per render: the project's layout and its page both ask (React cache, keyed by the ids).
const projectOf = cache((organizationId: string, projectId: string) => getProject(organizationId, projectId));

/** The signed-in account and its organization's project; 404 for anyone else's. */
export async function loadProject(params: ProjectParams): Promise<{ account: DashboardAccount; project: Project }> {
  const account = await requireAccount();
  const { projectId } = await params;
  const id = uuidSchema.safeParse(projectId);
  if (!id.success) notFound();
  try {
    return { account, project: await projectOf(account.organizationId, id.data) };
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}

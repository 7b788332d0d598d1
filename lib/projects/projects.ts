// Projects of an organization. Every query is scoped by organizationId; a project
// of another organization is simply "not found".
import { and, asc, eq, isNull } from 'drizzle-orm';
import { getDb } from '../db/client';
import { projects, type Project } from '../db/schema';
import { AppError } from '../errors';
import { newClientToken, newUserHashKey } from '../tokens';
import { projectDtoSchema, type CreateProjectInput, type ProjectDto } from './schemas';

export function toProjectDto(project: Project): ProjectDto {
  return projectDtoSchema.parse({
    ...project,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  });
}

const live = (organizationId: string) => and(eq(projects.organizationId, organizationId), isNull(projects.deletedAt));

function notFound(projectId: string): AppError {
  return new AppError('not_found', `No project ${projectId} in this organization.`);
}

export async function listProjects(organizationId: string): Promise<Project[]> {
  const db = await getDb();
  return db.select().from(projects).where(live(organizationId)).orderBy(asc(projects.createdAt), asc(projects.id));
}

export async function createProject(organizationId: string, input: CreateProjectInput): Promise<Project> {
  const db = await getDb();
  const [project] = await db
    .insert(projects)
    .values({ ...input, organizationId, clientToken: newClientToken(), userHashKey: newUserHashKey() })
    .returning();
  if (!project) throw new Error('insert into projects returned no row');
  return project;
}

export async function getProject(organizationId: string, projectId: string): Promise<Project> {
  const db = await getDb();
  const [project] = await db
    .select()
    .from(projects)
    .where(and(live(organizationId), eq(projects.id, projectId)));
  if (!project) throw notFound(projectId);
  return project;
}

/** Replaces every setting (PUT semantics: an omitted optional field returns to its default). */
export async function updateProject(
  organizationId: string,
  projectId: string,
  input: CreateProjectInput,
): Promise<Project> {
  const db = await getDb();
  const [project] = await db
    .update(projects)
    .set(input)
    .where(and(live(organizationId), eq(projects.id, projectId)))
    .returning();
  if (!project) throw notFound(projectId);
  return project;
}

/**
 * Deletes a project. Its row stays (soft delete) so that workflows can tell a deleted
 * project from an unknown one, but every lookup filters on deleted_at, so its
 * challenges, sessions and users stop working at once.
 */
export async function deleteProject(organizationId: string, projectId: string): Promise<void> {
  const db = await getDb();
  const deleted = await db
    .update(projects)
    .set({ deletedAt: new Date() })
    .where(and(live(organizationId), eq(projects.id, projectId)))
    .returning({ id: projects.id });
  if (deleted.length === 0) throw notFound(projectId);
}

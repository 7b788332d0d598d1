// Projects of an organization. Every query is scoped by organizationId; a project
// of another organization is simply "not found".
import { and, asc, count, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { insertSigningKey } from '../access-tokens/signing-keys';
import { type AuditActor, recordAudit } from '../audit/record';
import { getDb } from '../db/client';
import { organizations, type Project, projects } from '../db/schema';
import { getEnv } from '../env';
import { AppError } from '../errors';
import { invalidCursor, MAX_PAGE_SIZE, type Page, type PageQuery, pageOf } from '../http/pagination';
import { newClientToken, newUserHashKey } from '../tokens';
import { type CreateProjectInput, type ProjectDto, projectDtoSchema } from './schemas';

export function toProjectDto(project: Project): ProjectDto {
  return projectDtoSchema.parse({
    ...project,
    // the single fields of older clients: the first entry of each list
    allowedOrigin: project.allowedOrigins[0],
    redirectUrl: project.redirectUrls[0],
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  });
}

/** The columns a create or update writes: every setting, each list as stored. */
type ProjectSettings = Omit<CreateProjectInput, 'singleOnly'>;

/**
 * The settings to store. A list sent only as its single field (`allowedOrigin`,
 * `redirectUrl`) replaces the first entry of the project's current list and keeps the
 * others after it, so a client that knows one origin does not drop those added elsewhere.
 */
function settingsToStore(input: CreateProjectInput, current?: Pick<Project, 'allowedOrigins' | 'redirectUrls'>) {
  const { singleOnly, ...settings } = input;
  const stored: ProjectSettings = { ...settings };
  if (current) {
    for (const list of singleOnly) stored[list] = [...new Set([...input[list], ...current[list].slice(1)])];
  }
  return stored;
}

const live = (organizationId: string) => and(eq(projects.organizationId, organizationId), isNull(projects.deletedAt));

function notFound(projectId: string): AppError {
  return new AppError('not_found', `No project ${projectId} in this organization.`);
}

/** A page of the organization's live projects, oldest first (createdAt, then id). */
export async function listProjects(
  organizationId: string,
  page: PageQuery = { limit: MAX_PAGE_SIZE },
): Promise<Page<Project>> {
  const db = await getDb();
  let after: SQL | undefined;
  if (page.cursor !== undefined) {
    // the cursor must name a project of this organization (a deleted one still marks its place)
    const [mark] = await db
      .select({ id: projects.id })
      .from(projects)
      .where(and(eq(projects.organizationId, organizationId), eq(projects.id, page.cursor)));
    if (!mark) throw invalidCursor();
    // compared in SQL: created_at has microseconds, a JS Date only milliseconds
    after = sql`(${projects.createdAt}, ${projects.id}) > (select m.created_at, m.id from projects m where m.id = ${mark.id})`;
  }
  const rows = await db
    .select()
    .from(projects)
    .where(and(live(organizationId), after))
    .orderBy(asc(projects.createdAt), asc(projects.id))
    .limit(page.limit + 1);
  return pageOf(rows, page.limit);
}

/**
 * Creates a project with its first signing key, at most MAX_PROJECTS_PER_ORGANIZATION live
 * ones per organization (409 limit_reached beyond). The organization's row is locked for the
 * count and the insert, so concurrent creates take turns and cannot both pass the last free place.
 */
export async function createProject(
  organizationId: string,
  input: CreateProjectInput,
  actor: AuditActor,
): Promise<Project> {
  const db = await getDb();
  const max = getEnv().MAX_PROJECTS_PER_ORGANIZATION;
  return db.transaction(async (tx) => {
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, organizationId))
      .for('update');
    const [counted] = await tx.select({ n: count() }).from(projects).where(live(organizationId));
    if ((counted?.n ?? 0) >= max) {
      throw new AppError(
        'limit_reached',
        `This organization already has ${max} projects, the most it may have. Delete a project you no longer use to create another.`,
      );
    }
    const [project] = await tx
      .insert(projects)
      .values({
        ...settingsToStore(input),
        organizationId,
        clientToken: newClientToken(),
        userHashKey: newUserHashKey(),
      })
      .returning();
    if (!project) throw new Error('insert into projects returned no row');
    // its first signing key, active at once: no token of it was trusted before
    await insertSigningKey(tx, project.id, project.createdAt);
    await recordAudit(tx, organizationId, actor, {
      action: 'project.created',
      targetType: 'project',
      targetId: project.id,
      details: { name: project.name },
    });
    return project;
  });
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

/** How a change of settings is recorded: a template saved or reset in the dashboard is its own entry. */
export type ProjectChange = 'project.changed' | 'template.changed' | 'template.reset';

const settingKeys = [
  'name',
  'allowedOrigins',
  'redirectUrls',
  'sessionValidSeconds',
  'sessionIdleSeconds',
  'logoUrl',
  'allowSignUp',
  'emailSubject',
  'emailTemplate',
] as const satisfies ReadonlyArray<keyof ProjectSettings & keyof Project>;

const sameSetting = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Replaces every setting (PUT semantics: an omitted optional field returns to its default;
 * a list sent as its single field only keeps the project's other entries, see settingsToStore).
 */
export async function updateProject(
  organizationId: string,
  projectId: string,
  input: CreateProjectInput,
  actor: AuditActor,
  change: ProjectChange = 'project.changed',
): Promise<Project> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(projects)
      .where(and(live(organizationId), eq(projects.id, projectId)))
      .for('update');
    if (!current) throw notFound(projectId);
    const [project] = await tx
      .update(projects)
      .set(settingsToStore(input, current))
      .where(eq(projects.id, current.id))
      .returning();
    if (!project) throw notFound(projectId);
    const changed = settingKeys.filter((k) => !sameSetting(current[k], project[k]));
    await recordAudit(tx, organizationId, actor, {
      action: change,
      targetType: 'project',
      targetId: project.id,
      details: change === 'project.changed' ? { name: project.name, changed } : { name: project.name },
    });
    return project;
  });
}

/**
 * Deletes a project. Its row stays (soft delete) so that workflows can tell a deleted
 * project from an unknown one, but every lookup filters on deleted_at, so its
 * challenges, sessions and users stop working at once.
 */
export async function deleteProject(organizationId: string, projectId: string, actor: AuditActor): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .update(projects)
      .set({ deletedAt: new Date() })
      .where(and(live(organizationId), eq(projects.id, projectId)))
      .returning({ id: projects.id, name: projects.name });
    if (!deleted) throw notFound(projectId);
    await recordAudit(tx, organizationId, actor, {
      action: 'project.deleted',
      targetType: 'project',
      targetId: deleted.id,
      details: { name: deleted.name },
    });
  });
}

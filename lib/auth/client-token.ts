// Project client tokens (`ck_…`): public, sent with a projectId by browsers and app
// servers for the end-user endpoints.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Database, getDb } from '../db/client';
import { type Project, projects } from '../db/schema';
import { AppError } from '../errors';
import { safeEqual } from '../tokens';
import { uuidSchema } from '../validation';

/**
 * The project a request acts on. 401: no or unknown token; 404: no such project;
 * 403: a known token of another project.
 */
export async function authenticateClientToken(projectIdInput: unknown, clientToken: string | null): Promise<Project> {
  if (!clientToken) {
    throw new AppError(
      'unauthorized',
      'Missing client token: send it as the clientToken parameter or the x-client-token header, with projectId.',
    );
  }
  const projectId = parseProjectId(projectIdInput);
  const db = await getDb();
  const [project] = await liveProjectById(db).execute({ projectId });
  if (project && safeEqual(project.clientToken, clientToken)) return project;

  const [owner] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.clientToken, clientToken), isNull(projects.deletedAt)));
  if (!owner) throw new AppError('unauthorized', 'Unknown client token.');
  if (!project) throw new AppError('not_found', `No project ${projectId}.`);
  throw new AppError('forbidden', 'This client token belongs to another project.');
}

// Built once per database handle, then only executed: a prepared statement on PostgreSQL.
const preparedById = new WeakMap<Database, ReturnType<typeof prepareLiveProjectById>>();
function prepareLiveProjectById(db: Database) {
  return db
    .select()
    .from(projects)
    .where(and(eq(projects.id, sql.placeholder('projectId')), isNull(projects.deletedAt)))
    .prepare('live_project_by_id');
}
function liveProjectById(db: Database) {
  const cached = preparedById.get(db);
  if (cached) return cached;
  const query = prepareLiveProjectById(db);
  preparedById.set(db, query);
  return query;
}

function parseProjectId(value: unknown): string {
  const parsed = uuidSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = value === undefined || value === null || value === '' ? 'is required' : 'must be a UUID';
  throw new AppError('validation_failed', `Invalid request: projectId: ${message}`, {
    errors: [{ path: 'projectId', message }],
  });
}

// Project client tokens (`ck_…`): public, sent with a projectId by browsers and app
// servers for the end-user endpoints.
//
// A token is checked by the one rule of lib/auth/client-token-rule.ts, inside the statement
// that reads the project: `authenticateClientToken` below, the session lookup
// (lib/sessions/session-statements.ts) and verify (lib/challenges/verify-statement.ts).
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { type Database, getDb } from '../db/client';
import { type Project, projects } from '../db/schema';
import { AppError } from '../errors';
import { uuidSchema } from '../validation';
import { tokenRule } from './client-token-rule';

/** In a Drizzle query: the project's client token equals `offered` (a value or a placeholder). */
function clientTokenMatches(offered: unknown): SQL {
  return tokenRule<unknown, SQL>(sql, projects.clientToken, offered);
}

/**
 * The client credentials of a request as sent, before anything is checked: for a domain
 * function whose own statement authenticates them (session lookup, verify). `authenticate`
 * gives the usual answer when that statement does not: 401/403/404 (400 for a malformed
 * projectId), 403 for an Origin that is not one of the project's allowedOrigins.
 */
export type ClientCaller = {
  /** Normalized UUID; null when missing or malformed (authenticate then answers 400). */
  projectId: string | null;
  clientToken: string | null;
  /** The request's Origin header: a browser call must come from one of the project's allowedOrigins. */
  origin: string | null;
  authenticate: () => Promise<Project>;
};

/**
 * Runs `statement`, which authenticates the caller inside itself and returns undefined when it
 * does not (or did not find what it reads). Then the caller is authenticated the usual way,
 * which throws the right 400/401/403/404; when that passes (the project changed in between,
 * or the statement found nothing else), the statement runs once more and its answer stands.
 */
export async function withAuthenticatingStatement<T>(
  caller: ClientCaller,
  statement: (projectId: string, clientToken: string, origin: string | null) => Promise<T | undefined>,
): Promise<T> {
  const { projectId, clientToken, origin } = caller;
  if (projectId !== null && clientToken !== null) {
    const found = await statement(projectId, clientToken, origin);
    if (found !== undefined) return found;
  }
  const project = await caller.authenticate();
  const again = await statement(project.id, clientToken ?? '', origin);
  if (again === undefined) throw new Error('an authenticated statement found no live project');
  return again;
}

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
  const [project] = await liveProjectByToken(db).execute({ projectId, clientToken });
  if (project) return project;

  // Why not: an unknown project (404) or a token of another project (403) or of none (401).
  // Looked up by the unique index: the answer itself tells whether a token exists.
  const [known] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, projectId), isNull(projects.deletedAt)));
  const [owner] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.clientToken, clientToken), isNull(projects.deletedAt)));
  if (!owner) throw new AppError('unauthorized', 'Unknown client token.');
  if (!known) throw new AppError('not_found', `No project ${projectId}.`);
  throw new AppError('forbidden', 'This client token belongs to another project.');
}

// Built once per database handle, then only executed: a prepared statement on PostgreSQL.
const preparedByToken = new WeakMap<Database, ReturnType<typeof prepareLiveProjectByToken>>();
function prepareLiveProjectByToken(db: Database) {
  return db
    .select()
    .from(projects)
    .where(
      and(
        eq(projects.id, sql.placeholder('projectId')),
        isNull(projects.deletedAt),
        clientTokenMatches(sql.placeholder('clientToken')),
      ),
    )
    .prepare('live_project_by_client_token');
}
function liveProjectByToken(db: Database) {
  const cached = preparedByToken.get(db);
  if (cached) return cached;
  const query = prepareLiveProjectByToken(db);
  preparedByToken.set(db, query);
  return query;
}

/**
 * Whether `token` is the client token of a live project (the unique index answers): a
 * secret-key endpoint refuses such a credential with 403 rather than 401.
 */
export async function isLiveClientToken(token: string): Promise<boolean> {
  const db = await getDb();
  const [owner] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.clientToken, token), isNull(projects.deletedAt)));
  return owner !== undefined;
}

function parseProjectId(value: unknown): string {
  const parsed = uuidSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = value === undefined || value === null || value === '' ? 'is required' : 'must be a UUID';
  throw new AppError('validation_failed', `Invalid request: projectId: ${message}`, {
    errors: [{ path: 'projectId', message }],
  });
}

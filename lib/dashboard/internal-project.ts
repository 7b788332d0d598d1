// The dashboard signs developers in with UAuth's own magic links (dogfooding): a built-in
// organization and project with fixed ids, created idempotently on first use. No account
// belongs to that organization, so it is never listed to anyone.
import { eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { organizations, type Project, projects } from '../db/schema';
import { getEnv } from '../env';
import { newClientToken, newUserHashKey } from '../tokens';

export const DASHBOARD_ORGANIZATION_ID = '00000000-0000-4000-8000-000000000000';
export const DASHBOARD_PROJECT_ID = '00000000-0000-4000-8000-000000000001';
export const DASHBOARD_PROJECT_NAME = 'the UAuth dashboard';

export function dashboardCallbackUrl(): string {
  return `${getEnv().APP_URL}/login/callback`;
}

/** The dashboard's own project; its redirect URL follows APP_URL. */
export async function getDashboardProject(): Promise<Project> {
  const db = await getDb();
  const { APP_URL } = getEnv();
  const redirectUrl = dashboardCallbackUrl();
  const [existing] = await db.select().from(projects).where(eq(projects.id, DASHBOARD_PROJECT_ID));
  if (existing && existing.redirectUrls[0] === redirectUrl && !existing.deletedAt) return existing;

  await db
    .insert(organizations)
    .values({ id: DASHBOARD_ORGANIZATION_ID, name: 'UAuth (internal)' })
    .onConflictDoNothing();
  const [project] = await db
    .insert(projects)
    .values({
      id: DASHBOARD_PROJECT_ID,
      organizationId: DASHBOARD_ORGANIZATION_ID,
      name: DASHBOARD_PROJECT_NAME,
      allowedOrigins: [new URL(APP_URL).origin],
      redirectUrls: [redirectUrl],
      sessionValidSeconds: 3600,
      clientToken: newClientToken(),
      userHashKey: newUserHashKey(),
    })
    .onConflictDoUpdate({
      target: projects.id,
      set: { redirectUrls: [redirectUrl], allowedOrigins: [new URL(APP_URL).origin], deletedAt: null },
    })
    .returning();
  if (!project) throw new Error('upsert of the dashboard project returned no row');
  return project;
}

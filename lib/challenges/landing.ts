// The magic-link landing page (app/l/[code]). Opening it never consumes anything and
// never redirects (mail scanners prefetch links); Continue redirects to the target
// with the code, as often as needed until the code is verified.
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../db/client';
import { challenges, hostedLogins, projects, workflows } from '../db/schema';
import { hashToken } from '../tokens';
import { isRedirectAllowed } from '../workflows/redirect-rule';

export type LandingState =
  | { kind: 'ready'; projectName: string; logoUrl: string | null; emailAddress: string; redirectTo: string }
  | { kind: 'used' | 'expired' | 'misconfigured'; projectName: string; logoUrl: string | null }
  | { kind: 'invalid' };

/**
 * `misconfigured`: a code sent from the hosted login page whose workflow no longer redirects
 * to one of the project's origins (they changed since): Continue must not lead there.
 */
export async function getLandingState(code: string): Promise<LandingState> {
  if (!/^[A-Za-z0-9_-]{16,512}$/.test(code)) return { kind: 'invalid' };
  const db = await getDb();
  const [row] = await db
    .select({ challenge: challenges, project: projects, workflowRedirectUrl: workflows.clientRedirectUrl })
    .from(challenges)
    .innerJoin(projects, and(eq(projects.id, challenges.projectId), isNull(projects.deletedAt)))
    .leftJoin(hostedLogins, eq(hostedLogins.id, challenges.hostedLoginId))
    .leftJoin(workflows, eq(workflows.id, hostedLogins.workflowId))
    .where(eq(challenges.codeHash, hashToken(code)));
  if (!row || row.challenge.failedAt) return { kind: 'invalid' };
  const { challenge, project, workflowRedirectUrl } = row;
  const shown = { projectName: project.name, logoUrl: project.logoUrl };
  if (challenge.usedAt) return { kind: 'used', ...shown };
  if (challenge.expiresAt <= new Date()) return { kind: 'expired', ...shown };
  // A hosted-page code leads to its workflow's clientRedirectUrl as it was at send time:
  // both that target and the workflow's current one must still be on the project's origins.
  if (
    workflowRedirectUrl !== null &&
    !(isRedirectAllowed(project, workflowRedirectUrl) && isRedirectAllowed(project, challenge.redirectUrl))
  )
    return { kind: 'misconfigured', ...shown };

  const target = new URL(challenge.redirectUrl);
  target.searchParams.set('code', code);
  if (challenge.state !== null) target.searchParams.set('state', challenge.state);
  return { kind: 'ready', ...shown, emailAddress: challenge.email, redirectTo: target.href };
}

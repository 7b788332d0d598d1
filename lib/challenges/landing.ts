// The magic-link landing page (app/l/[code]). Opening it never consumes anything and
// never redirects (mail scanners prefetch links); Continue redirects to the target
// with the code, as often as needed until the code is verified.
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '../db/client';
import { challenges, projects } from '../db/schema';
import { hashToken } from '../tokens';

export type LandingState =
  | { kind: 'ready'; projectName: string; logoUrl: string | null; emailAddress: string; redirectTo: string }
  | { kind: 'used' | 'expired'; projectName: string; logoUrl: string | null }
  | { kind: 'invalid' };

export async function getLandingState(code: string): Promise<LandingState> {
  if (!/^[A-Za-z0-9_-]{16,512}$/.test(code)) return { kind: 'invalid' };
  const db = await getDb();
  const [row] = await db
    .select({ challenge: challenges, projectName: projects.name, logoUrl: projects.logoUrl })
    .from(challenges)
    .innerJoin(projects, and(eq(projects.id, challenges.projectId), isNull(projects.deletedAt)))
    .where(eq(challenges.codeHash, hashToken(code)));
  if (!row || row.challenge.failedAt) return { kind: 'invalid' };
  const { challenge, projectName, logoUrl } = row;
  if (challenge.usedAt) return { kind: 'used', projectName, logoUrl };
  if (challenge.expiresAt <= new Date()) return { kind: 'expired', projectName, logoUrl };

  const target = new URL(challenge.redirectUrl);
  target.searchParams.set('code', code);
  if (challenge.state !== null) target.searchParams.set('state', challenge.state);
  return { kind: 'ready', projectName, logoUrl, emailAddress: challenge.email, redirectTo: target.href };
}

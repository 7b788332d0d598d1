// A project's activity for the dashboard: recent emails and challenges sent vs verified
// per day. Scoped by organization through getProject.
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { challenges, type EmailMessage, emailMessages } from '../db/schema';
import { getProject } from '../projects/projects';

export type RecentEmail = Pick<EmailMessage, 'id' | 'toAddress' | 'subject' | 'status' | 'error' | 'createdAt'>;
export type DailyChallenges = { day: string; sent: number; verified: number };

export async function listRecentEmails(organizationId: string, projectId: string, limit = 25): Promise<RecentEmail[]> {
  const project = await getProject(organizationId, projectId);
  const db = await getDb();
  return db
    .select({
      id: emailMessages.id,
      toAddress: emailMessages.toAddress,
      subject: emailMessages.subject,
      status: emailMessages.status,
      error: emailMessages.error,
      createdAt: emailMessages.createdAt,
    })
    .from(emailMessages)
    .where(and(eq(emailMessages.organizationId, organizationId), eq(emailMessages.projectId, project.id)))
    .orderBy(desc(emailMessages.createdAt), desc(emailMessages.id))
    .limit(limit);
}

/** One entry per UTC day of the last `days` days (today included), oldest first. */
export async function challengeStats(organizationId: string, projectId: string, days = 14): Promise<DailyChallenges[]> {
  const project = await getProject(organizationId, projectId);
  const db = await getDb();
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const since = new Date(today.getTime() - (days - 1) * 86_400_000);
  const day = sql<string>`to_char(${challenges.createdAt} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      sent: sql<number>`count(*)::int`,
      verified: sql<number>`count(${challenges.usedAt})::int`,
    })
    .from(challenges)
    .where(and(eq(challenges.projectId, project.id), gte(challenges.createdAt, since)))
    .groupBy(day);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: days }, (_, i) => {
    const key = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const row = byDay.get(key);
    return { day: key, sent: Number(row?.sent ?? 0), verified: Number(row?.verified ?? 0) };
  });
}

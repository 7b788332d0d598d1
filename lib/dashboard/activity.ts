// A project's activity for the dashboard: recent emails and challenges sent vs verified
// per day, of a project the caller found with getProject (so scoped to its organization).
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { getDb } from '../db/client';
import { challenges, type EmailMessage, emailMessages, type Project } from '../db/schema';

type ScopedProject = Pick<Project, 'id' | 'organizationId'>;

export type RecentEmail = Pick<EmailMessage, 'id' | 'toAddress' | 'subject' | 'status' | 'error' | 'createdAt'>;
export type DailyChallenges = { day: string; sent: number; verified: number };

export async function listRecentEmails(project: ScopedProject, limit = 25): Promise<RecentEmail[]> {
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
    .where(and(eq(emailMessages.organizationId, project.organizationId), eq(emailMessages.projectId, project.id)))
    .orderBy(desc(emailMessages.createdAt), desc(emailMessages.id))
    .limit(limit);
}

/** One entry per UTC day of the last `days` days (today included), oldest first. */
export async function challengeStats(project: ScopedProject, days = 14): Promise<DailyChallenges[]> {
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

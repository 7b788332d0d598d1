import { challengeStats, type DailyChallenges, listRecentEmails } from '@/lib/dashboard/activity';
import { listAuditEvents } from '@/lib/dashboard/audit';
import { AuditTable } from '../../../_components/audit-table';
import { DataTable, EmptyState } from '../../../_components/data-table';
import { formatDate } from '../../../_components/format';
import { loadProject, type ProjectParams } from '../../../_components/load-project';
import { StatusBadge } from '../../../_components/status-badge';

const emailTone = { sent: 'green', stored: 'green', pending: 'amber', failed: 'red' } as const;

/** Challenges sent vs verified per day: a server-rendered SVG bar chart. */
function ChallengeChart({ days }: { days: DailyChallenges[] }) {
  const width = 720;
  const height = 180;
  const top = 16;
  const bottom = 28;
  const max = Math.max(1, ...days.map((d) => d.sent));
  const slot = width / days.length;
  const bar = Math.max(4, slot / 2 - 4);
  const y = (n: number) => height - bottom - (n / max) * (height - top - bottom);
  const total = days.reduce((acc, d) => ({ sent: acc.sent + d.sent, verified: acc.verified + d.verified }), {
    sent: 0,
    verified: 0,
  });
  return (
    <figure style={{ margin: 0 }}>
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Last 14 days: ${total.sent} challenges sent, ${total.verified} verified`}
      >
        <line x1="0" x2={width} y1={height - bottom} y2={height - bottom} stroke="#e4e4e7" />
        <text x="0" y="10">
          {max}
        </text>
        {days.map((d, i) => {
          const x = i * slot + slot / 2 - bar - 1;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.sent} sent, ${d.verified} verified`}</title>
              <rect className="sent" x={x} y={y(d.sent)} width={bar} height={height - bottom - y(d.sent)} rx="2" />
              <rect
                className="verified"
                x={x + bar + 2}
                y={y(d.verified)}
                width={bar}
                height={height - bottom - y(d.verified)}
                rx="2"
              />
              {i % 2 === 0 ? (
                <text x={i * slot + slot / 2} y={height - 10} textAnchor="middle">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        <span className="l-sent">Sent ({total.sent})</span>
        <span className="l-verified">Verified ({total.verified})</span>
      </figcaption>
    </figure>
  );
}

// Activity: challenges over 14 days, recent emails (incl. failed), and this project's audit entries.
export default async function ActivityPage({ params }: { params: ProjectParams }) {
  const { account, project } = await loadProject(params);
  const [days, emails, events] = await Promise.all([
    challengeStats(project),
    listRecentEmails(project),
    listAuditEvents(account.organizationId, { projectId: project.id, limit: 25 }),
  ]);
  return (
    <>
      <section className="panel" aria-labelledby="chart">
        <h2 id="chart">Challenges, last 14 days (UTC)</h2>
        <ChallengeChart days={days} />
      </section>
      <section className="panel" aria-labelledby="emails">
        <h2 id="emails">Recent emails</h2>
        <DataTable
          columns={['To', 'Subject', 'Status', 'When']}
          rows={emails}
          rowKey={(e) => e.id}
          rowTestId="email-row"
          empty={
            <EmptyState title="No emails yet">
              Emails appear here once your app calls POST /api/challenge/send (or you send a test email).
            </EmptyState>
          }
          cells={(e) => (
            <>
              <td>{e.toAddress}</td>
              <td>{e.subject}</td>
              <td>
                <StatusBadge tone={emailTone[e.status]} title={e.error ?? undefined}>
                  {e.status === 'stored' ? 'sent (outbox)' : e.status}
                </StatusBadge>
              </td>
              <td>{formatDate(e.createdAt)}</td>
            </>
          )}
        />
      </section>
      <section className="panel" aria-labelledby="audit">
        <h2 id="audit">Changes to this project</h2>
        <AuditTable events={events} />
      </section>
    </>
  );
}

import Link from 'next/link';
import { listProjectUsers } from '@/lib/dashboard/users';
import { revokeSessionAction } from '../../../_actions/users';
import { RevokeForm } from '../../../_components/button-form';
import { DataTable, EmptyState } from '../../../_components/data-table';
import { Flash, type SearchParams } from '../../../_components/flash';
import { formatDate } from '../../../_components/format';
import { loadProject, type ProjectParams } from '../../../_components/load-project';
import { StatusBadge } from '../../../_components/status-badge';

const sessionTone = { active: 'green', expired: 'plain', revoked: 'red' } as const;

// Users: paginated, searchable by email; each user's sessions with a revoke button.
export default async function UsersPage({
  params,
  searchParams,
}: {
  params: ProjectParams;
  searchParams: SearchParams;
}) {
  const { project } = await loadProject(params);
  const query = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const pageNumber = Number.parseInt(one(query.page), 10);
  const result = await listProjectUsers(project, {
    search: one(query.q),
    page: Number.isFinite(pageNumber) ? pageNumber : 1,
  });
  const base = `/dashboard/projects/${project.id}/users`;
  const pageHref = (page: number) =>
    `${base}?${new URLSearchParams({ ...(result.search ? { q: result.search } : {}), page: String(page) })}`;
  const back = pageHref(result.page);
  return (
    <>
      <Flash params={query} />
      <section className="panel" aria-labelledby="users">
        <h2 id="users">Users</h2>
        {/* biome-ignore lint/a11y/useSemanticElements: <search> is not in React's DOM types yet; the role says the same */}
        <form method="get" action={base} className="search" role="search">
          <input
            type="search"
            name="q"
            defaultValue={result.search}
            placeholder="Search by email"
            aria-label="Search by email"
          />
          <button type="submit" className="btn secondary">
            Search
          </button>
        </form>
        <DataTable
          columns={['Email', 'userHash', 'First sign-in', 'Last sign-in', 'Sessions']}
          rows={result.users}
          rowKey={(user) => user.id}
          rowTestId="user-row"
          empty={
            <EmptyState title={result.search ? 'No user matches this search' : 'No users yet'}>
              {result.search
                ? 'Try part of the address, or clear the search.'
                : 'A user appears here after their first verified sign-in (POST /api/challenge/verify).'}
            </EmptyState>
          }
          cells={(user) => (
            <>
              <td>{user.email}</td>
              <td className="mono" title={user.userHash}>
                {user.userHash.slice(0, 16)}…
              </td>
              <td>{formatDate(user.createdAt)}</td>
              <td>{formatDate(user.lastSignInAt)}</td>
              <td>
                {user.sessions.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="sessions">
                    {user.sessions.map((s) => (
                      <li key={s.id} data-testid="session">
                        <StatusBadge tone={sessionTone[s.status]}>{s.status}</StatusBadge>
                        <span className="muted">since {formatDate(s.createdAt)}</span>
                        {s.status === 'active' ? (
                          <RevokeForm
                            action={revokeSessionAction}
                            name="revoke-session"
                            fields={{ projectId: project.id, sessionId: s.id, back }}
                          />
                        ) : null}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </>
          )}
        />
        <div className="pager">
          <span>
            {result.total} user{result.total === 1 ? '' : 's'} · page {result.page} of {result.pageCount}
          </span>
          {result.page > 1 ? (
            <Link className="btn secondary small" href={pageHref(result.page - 1)}>
              Previous
            </Link>
          ) : null}
          {result.page < result.pageCount ? (
            <Link className="btn secondary small" href={pageHref(result.page + 1)}>
              Next
            </Link>
          ) : null}
        </div>
      </section>
    </>
  );
}

import Link from 'next/link';
import { listProjectUsers } from '@/lib/dashboard/users';
import { revokeSessionAction } from '../../../_actions/users';
import { Flash, type SearchParams } from '../../../_components/flash';
import { formatDate } from '../../../_components/format';
import { loadProject, type ProjectParams } from '../../../_components/load-project';
import { SubmitButton } from '../../../_components/submit-button';

const statusBadge = { active: 'badge green', expired: 'badge', revoked: 'badge red' } as const;

// Users: paginated, searchable by email; each user's sessions with a revoke button.
export default async function UsersPage({
  params,
  searchParams,
}: {
  params: ProjectParams;
  searchParams: SearchParams;
}) {
  const { account, project } = await loadProject(params);
  const query = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const pageNumber = Number.parseInt(one(query.page), 10);
  const result = await listProjectUsers(account.organizationId, project.id, {
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
        {result.users.length === 0 ? (
          <div className="empty">
            <strong>{result.search ? 'No user matches this search' : 'No users yet'}</strong>
            {result.search
              ? 'Try part of the address, or clear the search.'
              : 'A user appears here after their first verified sign-in (POST /api/challenge/verify).'}
          </div>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>Email</th>
                  <th>userHash</th>
                  <th>First sign-in</th>
                  <th>Last sign-in</th>
                  <th>Sessions</th>
                </tr>
              </thead>
              <tbody>
                {result.users.map((user) => (
                  <tr key={user.id} data-testid="user-row">
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
                              <span className={statusBadge[s.status]}>{s.status}</span>
                              <span className="muted">since {formatDate(s.createdAt)}</span>
                              {s.status === 'active' ? (
                                <form action={revokeSessionAction} data-form="revoke-session">
                                  <input type="hidden" name="projectId" value={project.id} />
                                  <input type="hidden" name="sessionId" value={s.id} />
                                  <input type="hidden" name="back" value={back} />
                                  <SubmitButton className="btn danger small" pendingText="Revoking…">
                                    Revoke
                                  </SubmitButton>
                                </form>
                              ) : null}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
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

import Link from 'next/link';
import { type DashboardSigningKey, listSigningKeys } from '@/lib/access-tokens/access-tokens';
import { JWKS_MAX_AGE_SECONDS } from '@/lib/access-tokens/signing-keys';
import { getEnv } from '@/lib/env';
import { rotateSigningKeyAction } from '../../_actions/signing-keys';
import { ButtonForm } from '../../_components/button-form';
import { SecretValue } from '../../_components/copy-button';
import { DataTable } from '../../_components/data-table';
import { Flash, type SearchParams } from '../../_components/flash';
import { formatDate } from '../../_components/format';
import { loadProject, type ProjectParams } from '../../_components/load-project';
import { StatusBadge } from '../../_components/status-badge';

function KeyState({ keyState }: { keyState: DashboardSigningKey }) {
  switch (keyState.state) {
    case 'next':
      return (
        <>
          <StatusBadge tone="amber">next</StatusBadge>{' '}
          <span className="muted">signs from {formatDate(keyState.from)}</span>
        </>
      );
    case 'signing':
      return <StatusBadge tone="green">signing</StatusBadge>;
    case 'retiring':
      return (
        <>
          <StatusBadge>retiring</StatusBadge>{' '}
          <span className="muted">published until {formatDate(keyState.until)}</span>
        </>
      );
    case 'retired':
      return <StatusBadge tone="red">retired</StatusBadge>;
  }
}

// Credentials: what an app needs to call the API for this project, and how; the keys that
// sign its access tokens.
export default async function CredentialsPage({
  params,
  searchParams,
}: {
  params: ProjectParams;
  searchParams: SearchParams;
}) {
  const { project } = await loadProject(params);
  const { APP_URL, ACCESS_TOKEN_TTL_SECONDS } = getEnv();
  const api = `${APP_URL}/api`;
  const jwksUrl = `${api}/projects/${project.id}/jwks.json`;
  const keys = await listSigningKeys(project);
  return (
    <>
      <Flash params={await searchParams} />
      <section className="panel" aria-labelledby="credentials">
        <h2 id="credentials">Credentials</h2>
        <p className="hint">
          Both are public: they may appear in browser code. Server-side calls also need an organization{' '}
          <Link href="/dashboard/keys">secret key</Link>.
        </p>
        <dl className="kv">
          <dt>projectId</dt>
          <dd>
            <SecretValue value={project.id} label="projectId" testId="project-id" />
          </dd>
          <dt>clientToken</dt>
          <dd>
            <SecretValue value={project.clientToken} label="clientToken" testId="client-token" />
          </dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="quick-start">
        <h2 id="quick-start">Sign a user in</h2>
        <p className="hint">
          1. Email a magic link. 2. The user clicks it and lands on {project.redirectUrls[0]} with ?code=…. 3. Trade the
          code for a session.
        </p>
        <pre className="snippet">{`Q="projectId=${project.id}&clientToken=${project.clientToken}"
curl -s -X POST "${api}/challenge/send?$Q&emailAddress=ada@example.com"
curl -s -X POST "${api}/challenge/verify?$Q&challengeCode=$CODE"
curl -s "${api}/session?$Q&sessionCode=$SESSION_CODE"`}</pre>
      </section>
      <section className="panel" aria-labelledby="signing-keys">
        <div className="page-head" style={{ marginBottom: 12 }}>
          <h2 id="signing-keys" style={{ margin: 0 }}>
            Access tokens
          </h2>
          <ButtonForm
            action={rotateSigningKeyAction}
            name="rotate-signing-key"
            fields={{ projectId: project.id }}
            pendingText="Rotating…"
          >
            Rotate signing key
          </ButtonForm>
        </div>
        <p className="hint">
          Verify and refresh also answer an <code>accessToken</code>: a JWT (EdDSA) valid for {ACCESS_TOKEN_TTL_SECONDS}{' '}
          seconds that your app can check locally against this JWKS (cached up to {JWKS_MAX_AGE_SECONDS} seconds). A
          revoked session&apos;s token keeps working until it expires; <code>GET /api/session</code> is the online
          check. A rotated key is published at once and signs {ACCESS_TOKEN_TTL_SECONDS + JWKS_MAX_AGE_SECONDS} seconds
          later.
        </p>
        <dl className="kv">
          <dt>JWKS URL</dt>
          <dd>
            <SecretValue value={jwksUrl} label="JWKS URL" testId="jwks-url" />
          </dd>
        </dl>
        <DataTable
          columns={['kid', 'State', 'Created']}
          rows={keys}
          rowKey={(key) => key.kid}
          rowTestId="signing-key"
          cells={(key) => (
            <>
              <td className="mono" data-testid="signing-key-kid">
                {key.kid}
              </td>
              <td data-testid="signing-key-state">
                <KeyState keyState={key} />
              </td>
              <td>{formatDate(key.createdAt)}</td>
            </>
          )}
        />
      </section>
    </>
  );
}

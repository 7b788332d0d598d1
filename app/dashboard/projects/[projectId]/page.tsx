import Link from 'next/link';
import { getEnv } from '@/lib/env';
import { SecretValue } from '../../_components/copy-button';
import { loadProject, type ProjectParams } from '../../_components/load-project';

// Credentials: what an app needs to call the API for this project, and how.
export default async function CredentialsPage({ params }: { params: ProjectParams }) {
  const { project } = await loadProject(params);
  const api = `${getEnv().APP_URL}/api`;
  return (
    <>
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
    </>
  );
}

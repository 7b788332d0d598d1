import { getSession } from '@uauth/client/next';
import Link from 'next/link';
import { config } from '@/lib/uauth';
import { EmailForm } from './email-form';

export const dynamic = 'force-dynamic';

const messages: Record<string, string> = {
  'signed-out': 'You are signed out.',
  expired: 'Your session has ended. Sign in again.',
  'bad-state': 'That sign-in link was started in another browser or has already been used here. Start again.',
  'link-used': 'That link has already been used. Ask for a new one.',
  'link-expired': 'That link has expired. Ask for a new one.',
  'sign-up-disabled': 'This app does not take new sign-ups.',
  'missing-code': 'That sign-in link is incomplete. Ask for a new one.',
  failed: 'Sign-in failed. Try again.',
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function Home({ searchParams }: Props) {
  const query = await searchParams;
  const message = typeof query.message === 'string' ? messages[query.message] : undefined;
  // The access token, checked locally (UAuth is asked only to renew an expired one).
  const session = await getSession().catch(() => null);

  return (
    <main>
      <h1>Example app</h1>
      {message ? (
        <p className={query.message === 'signed-out' ? 'notice' : 'error'} role="status">
          {message}
        </p>
      ) : null}
      {session ? (
        <p>
          You are signed in as {session.user.email}: <Link href="/account">your account</Link>.
        </p>
      ) : null}

      <h2>Sign in with your email</h2>
      <p>
        This form is the app&apos;s own: the browser calls UAuth&apos;s <code>sendChallenge</code> with the public
        client token.
      </p>
      <EmailForm baseUrl={config.baseUrl} projectId={config.projectId} clientToken={config.clientToken} />

      <h2>Or use the hosted page</h2>
      <form method="post" action="/auth/uauth">
        <button type="submit">Sign in with UAuth</button>
      </form>
    </main>
  );
}

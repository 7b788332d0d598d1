import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { Card, Logo, UnavailableCard } from '@/app/_ui/card';
import { EmailForm, emailFormErrors } from '@/app/_ui/email-form';
import { hostedEmailCookie, readCookie } from '@/lib/http/cookies';
import { hostedLoginLookup, lookUpForPage } from '@/lib/pages/status';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// The hosted login page an app redirects its users to (getSessionUrl).
export default async function HostedLoginPage({ searchParams }: Props) {
  const query = await searchParams;
  const looked = await lookUpForPage(hostedLoginLookup, one(query.sessionId) ?? '', await headers());
  if (!looked.ok) return <UnavailableCard />;
  const hosted = looked.value;
  if (hosted.kind === 'invalid') {
    return (
      <Card title="This sign-in page does not exist">
        <p>The link may be incomplete, or the sign-in was started long ago. Go back to the app and start again.</p>
      </Card>
    );
  }

  const { projectName } = hosted;
  const logo = <Logo url={hosted.logoUrl} alt={`${projectName} logo`} />;
  if (hosted.kind === 'misconfigured') {
    return (
      <Card logo={logo} title="This sign-in is misconfigured">
        <p role="alert">
          {projectName} sends people who sign in here to an address it no longer allows, so this page cannot sign you
          in. Please contact {projectName} and tell them their sign-in page is misconfigured.
        </p>
      </Card>
    );
  }
  if (hosted.kind !== 'ready') {
    return (
      <Card
        logo={logo}
        title={hosted.kind === 'expired' ? 'This sign-in page has expired' : 'You have already signed in'}
      >
        <p>
          {hosted.kind === 'expired'
            ? `Sign-in pages are valid for 30 minutes. Go back to ${projectName} and start again.`
            : `This sign-in was completed. Go back to ${projectName} to continue.`}
        </p>
      </Card>
    );
  }

  const id = hosted.sessionId;
  const error = one(query.error);
  const sentTo = one(query.sent) === '1' ? await readCookie(hostedEmailCookie(id)) : undefined;

  if (sentTo) {
    return (
      <Card logo={logo} title="Check your email">
        <p role="status">
          We sent a sign-in link to <strong>{sentTo}</strong>. Open it on this device to continue to {projectName}.
        </p>
        {error === 'wait' ? <p role="alert">Please wait a little before asking for another email.</p> : null}
        <form method="post" action="/uauth/submit">
          <input type="hidden" name="sessionId" value={id} />
          <input type="hidden" name="email" value={sentTo} />
          <button type="submit" className="button secondary">
            Send the email again
          </button>
        </form>
        <p className="notice">
          <a href={`/uauth?sessionId=${id}`}>Use another email address</a>
        </p>
      </Card>
    );
  }

  return (
    <Card logo={logo} title={`Sign in to ${projectName}`}>
      <p>Enter your email address and we will send you a link to sign in. No password needed.</p>
      <EmailForm
        action="/uauth/submit"
        hidden={{ sessionId: id }}
        invalid={error === 'invalid_email'}
        error={error ? emailFormErrors[error] : undefined}
      />
    </Card>
  );
}

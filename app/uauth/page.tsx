import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { Card, Logo, loadOrUnavailable } from '@/app/_ui/card';
import { loadHostedLogin } from '@/lib/workflows/hosted-logins';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

// The hosted login page an app redirects its users to (getSessionUrl).
export default async function HostedLoginPage({ searchParams }: Props) {
  const query = await searchParams;
  const sessionId = one(query.sessionId);
  const loaded = await loadOrUnavailable(() => loadHostedLogin(sessionId));
  if (!loaded.ok) return loaded.page;
  const hosted = loaded.value;
  if (hosted.kind === 'invalid') {
    return (
      <Card title="This sign-in page does not exist">
        <p>The link may be incomplete, or the sign-in was started long ago. Go back to the app and start again.</p>
      </Card>
    );
  }

  const { project } = hosted;
  const logo = <Logo url={project.logoUrl} alt={`${project.name} logo`} />;
  if (hosted.kind === 'misconfigured') {
    return (
      <Card logo={logo} title="This sign-in is misconfigured">
        <p role="alert">
          {project.name} sends people who sign in here to an address it no longer allows, so this page cannot sign you
          in. Please contact {project.name} and tell them their sign-in page is misconfigured.
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
            ? `Sign-in pages are valid for 30 minutes. Go back to ${project.name} and start again.`
            : `This sign-in was completed. Go back to ${project.name} to continue.`}
        </p>
      </Card>
    );
  }

  const id = hosted.session.id;
  const error = one(query.error);
  const sentCookie = one(query.sent) === '1' ? (await cookies()).get(`uauth_email_${id}`)?.value : undefined;
  const sentTo = sentCookie ? safeDecode(sentCookie) : undefined;

  if (sentTo) {
    return (
      <Card logo={logo} title="Check your email">
        <p role="status">
          We sent a sign-in link to <strong>{sentTo}</strong>. Open it on this device to continue to {project.name}.
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
    <Card logo={logo} title={`Sign in to ${project.name}`}>
      <p>Enter your email address and we will send you a link to sign in. No password needed.</p>
      <form method="post" action="/uauth/submit" className="stack" noValidate>
        <input type="hidden" name="sessionId" value={id} />
        <label htmlFor="email">Email address</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          // biome-ignore lint/a11y/noAutofocus: the page's only task is this field; keyboard and screen-reader users land on it
          autoFocus
          aria-invalid={error === 'invalid_email' || undefined}
          aria-describedby={error ? 'email-error' : undefined}
        />
        {error === 'invalid_email' ? (
          <p id="email-error" className="field-error" role="alert">
            Enter a valid email address, like name@example.com.
          </p>
        ) : null}
        {error === 'delivery' || error === 'unavailable' ? (
          <p id="email-error" className="field-error" role="alert">
            We could not send the email just now. Please try again in a moment.
          </p>
        ) : null}
        <button type="submit" className="button">
          Email me a sign-in link
        </button>
      </form>
    </Card>
  );
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { Card, Logo, UnavailableCard } from '@/app/_ui/card';
import { landingLookup, lookUpForPage } from '@/lib/pages/status';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

type Props = { params: Promise<{ code: string }> };

// The page a magic link opens. A GET shows the project and one Continue button:
// it never redirects and never consumes the code (mail scanners prefetch links).
export default async function LandingPage({ params }: Props) {
  const { code } = await params;
  const looked = await lookUpForPage(landingLookup, code, await headers());
  if (!looked.ok) return <UnavailableCard />;
  const state = looked.value;

  if (state.kind === 'invalid') {
    return (
      <Card title="This sign-in link is not valid">
        <p>The link may be incomplete or mistyped. Go back to the app and ask for a new one.</p>
      </Card>
    );
  }
  const logo = <Logo url={state.logoUrl} />;
  if (state.kind === 'used') {
    return (
      <Card title="This sign-in link has already been used" logo={logo}>
        <p>
          Each link signs you in once. Go back to {state.projectName} and ask for a new one if you need to sign in
          again.
        </p>
      </Card>
    );
  }
  if (state.kind === 'misconfigured') {
    return (
      <Card title="This sign-in is misconfigured" logo={logo}>
        <p role="alert">
          {state.projectName} has changed where its sign-in leads, and this link still points to the old place, so it
          cannot continue. Please contact {state.projectName} and tell them their sign-in page is misconfigured.
        </p>
      </Card>
    );
  }
  if (state.kind !== 'ready') {
    return (
      <Card title="This sign-in link has expired" logo={logo}>
        <p>Links are only valid for a short time. Go back to {state.projectName} and ask for a new one.</p>
      </Card>
    );
  }
  return (
    <Card title={`Sign in to ${state.projectName}`} logo={logo}>
      <p>
        Continue to sign in as <strong>{state.emailAddress}</strong>.
      </p>
      <form method="post" action="/l/continue">
        <input type="hidden" name="code" value={code} />
        <button type="submit" className="button">
          Continue
        </button>
      </form>
    </Card>
  );
}

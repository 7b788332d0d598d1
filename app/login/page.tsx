import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card } from '@/app/_ui/card';
import { EmailForm, emailFormErrors } from '@/app/_ui/email-form';
import { currentPerson } from '@/lib/dashboard/cookie';
import { getEnv } from '@/lib/env';
import { loginEmailCookie, readCookie } from '@/lib/http/cookies';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in to the dashboard' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const errors: Record<string, string> = {
  ...emailFormErrors,
  wait: 'Too many sign-in emails. Please wait a few minutes before asking for another one.',
  link: 'That sign-in link is not valid any more (links work once and expire after a while). Ask for a new one below.',
  browser:
    'Open the sign-in link in the same browser where you asked for it. Ask for a new link below if you switched browsers.',
  not_invited:
    'This address is not a member of any organization here, and its invitation is no longer open. Ask an owner of your organization to invite you again.',
};

// /login — the developer dashboard's sign-in: UAuth's own magic links.
export default async function LoginPage({ searchParams }: Props) {
  const query = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const error = one(query.error);
  // Signed in already: the dashboard (unless there is a message about a link to show — a
  // signed-in person may ask for a link for another address; that link will ask first).
  if (!error && one(query.sent) !== '1' && (await currentPerson().catch(() => null))) redirect('/dashboard');
  const message = error ? errors[error] : undefined;

  if (one(query.sent) === '1') {
    const sentTo = await readCookie(loginEmailCookie);
    return (
      <Card title="Check your email">
        <p role="status">
          We sent a sign-in link to {sentTo ? <strong>{sentTo}</strong> : 'your address'}. Open it in this browser to
          continue to the dashboard.
        </p>
        <p className="notice">
          No email? Check your spam folder, or <a href="/login">try another address</a>.
        </p>
      </Card>
    );
  }

  return (
    <Card title="Sign in to UAuth">
      <p>
        Enter your email address and we will send you a sign-in link.
        {getEnv().DASHBOARD_SIGNUP.mode === 'open' ? ' New here? The same link creates your organization.' : null}
      </p>
      <EmailForm action="/login/submit" invalid={error === 'invalid_email'} error={message} />
    </Card>
  );
}

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card } from '@/app/_ui/card';
import { currentPerson } from '@/lib/dashboard/cookie';
import { needsAccountSwitch } from '@/lib/dashboard/login';
import { loginStateCookie, readCookie } from '@/lib/http/cookies';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Switch account?' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// /login/switch?code&state — a dashboard link for another address than the one signed in
// in this browser: ask before replacing the session. Only the form's POST to
// /login/callback uses the link; this page changes nothing.
export default async function SwitchAccountPage({ searchParams }: Props) {
  const query = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  const code = one(query.code);
  const state = one(query.state);
  const person = await currentPerson();
  const expectedState = await readCookie(loginStateCookie);
  const other = person ? await needsAccountSwitch({ code, state, expectedState }, person.email) : null;
  // Nothing to ask (signed out meanwhile, the same address, a used link): the usual callback.
  if (!person || !other) redirect(`/login/callback?${new URLSearchParams({ code: code ?? '', state: state ?? '' })}`);
  return (
    <Card title="Switch account?">
      <p>
        You are signed in as <strong data-testid="signed-in-as">{person.email}</strong>.
      </p>
      <p>
        Sign in as <strong data-testid="link-for">{other}</strong> instead?
      </p>
      <form method="post" action="/login/callback" className="stack" data-form="switch-account">
        <input type="hidden" name="code" value={code ?? ''} />
        <input type="hidden" name="state" value={state ?? ''} />
        <button type="submit" className="button">
          Sign in as {other}
        </button>
      </form>
      <p className="notice">
        Did not ask for this link? <a href="/dashboard">Stay signed in as {person.email}</a>.
      </p>
    </Card>
  );
}

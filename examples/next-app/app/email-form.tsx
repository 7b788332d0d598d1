'use client';
import { createBrowserClient, isUAuthError } from '@uauth/client';
// (a) The app's own sign-in form. The browser calls UAuth directly with the project's
// public client token (UAuth checks the Origin against the project's allowedOrigin).
import { type FormEvent, useState } from 'react';

type Props = { baseUrl: string; projectId: string; clientToken: string };

export function EmailForm({ baseUrl, projectId, clientToken }: Props) {
  const [status, setStatus] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState('');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const emailAddress = String(new FormData(event.currentTarget).get('email') ?? '');
    setStatus('sending');
    setError(null);
    // `state` comes back on the callback; the cookie lets the callback check it is this browser's sign-in.
    const state = crypto.randomUUID();
    document.cookie = `uauth_state=${state}; Path=/; Max-Age=900; SameSite=Lax`;
    try {
      await createBrowserClient({ baseUrl, projectId, clientToken }).sendChallenge({ emailAddress, state });
      setSentTo(emailAddress);
      setStatus('sent');
    } catch (e) {
      setStatus('idle');
      setError(
        isUAuthError(e) && e.status === 400 ? 'Enter a valid email address.' : 'Could not send the email. Try again.',
      );
    }
  }

  if (status === 'sent') {
    return (
      <p className="notice" role="status">
        Check your email: we sent a sign-in link to <strong>{sentTo}</strong>.
      </p>
    );
  }
  return (
    <form onSubmit={onSubmit}>
      <label htmlFor="email">Email address</label>
      <input id="email" name="email" type="email" autoComplete="email" required />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={status === 'sending'}>
        Email me a sign-in link
      </button>
    </form>
  );
}

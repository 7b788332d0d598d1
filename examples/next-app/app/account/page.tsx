// The protected page. proxy.ts already turned visitors without a session away; this page asks
// UAuth on every load (`online`), so a sign-out on another device shows at once. Pages where a
// few minutes of lag after a sign-out are fine call getSession() alone: the access token,
// checked locally, no call to UAuth.

import { getSession } from '@uauth/client/next';
import { redirect } from 'next/navigation';

export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  const session = await getSession({ online: true });
  // Expired, revoked or unknown at UAuth: final. A server component cannot clear cookies,
  // so /auth/expired does.
  if (!session) redirect('/auth/expired');

  return (
    <main>
      <h1>Your account</h1>
      <p>
        Signed in as <strong data-testid="email">{session.user.email}</strong>
      </p>
      <p>
        User id in this project: <code data-testid="user-hash">{session.user.userHash}</code>
      </p>
      <form method="post" action="/auth/signout">
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}

// The protected page: asks UAuth for the session's user on every request.

import { isUAuthError, type User } from '@uauth/client';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { SESSION_COOKIE, uauth } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  const sessionCode = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!sessionCode) redirect('/');

  let user: User;
  try {
    user = await uauth().getUser(sessionCode);
  } catch (error) {
    // 403 session_inactive: expired or revoked; 404: unknown. Both final: sign in again.
    if (isUAuthError(error) && (error.status === 403 || error.status === 404)) redirect('/auth/expired');
    throw error;
  }

  return (
    <main>
      <h1>Your account</h1>
      <p>
        Signed in as <strong data-testid="email">{user.emailAddress}</strong>
      </p>
      <p>
        User id in this project: <code data-testid="user-hash">{user.userHash}</code>
      </p>
      <form method="post" action="/auth/signout">
        <button type="submit">Sign out</button>
      </form>
    </main>
  );
}

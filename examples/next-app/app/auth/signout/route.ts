// Sign-out: revoke the session at UAuth, then forget the cookies (cleared even when UAuth
// cannot be reached).

import { signOut } from '@uauth/client/next';
import { redirectTo } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

export async function POST() {
  if (!(await signOut())) console.error('[example] UAuth could not revoke the session; the cookies are cleared.');
  return redirectTo('/?message=signed-out');
}

// The session is expired, revoked or unknown at UAuth: forget the cookies and start over.
// (Server components cannot change cookies, so the account page redirects here.)
import { signOut } from '@uauth/client/next';
import { redirectTo } from '@/lib/uauth';

export const dynamic = 'force-dynamic';

export async function GET() {
  await signOut();
  return redirectTo('/?message=expired');
}

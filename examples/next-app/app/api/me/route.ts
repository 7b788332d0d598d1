// The app's own API, authenticated by the same cookies. In a route handler getSession also
// stores a renewed access token (proxy.ts does not run here: its matcher is /account).
import { getSession } from '@uauth/client/next';

export const dynamic = 'force-dynamic';

export async function GET() {
  const session = await getSession();
  if (!session) return Response.json({ signedIn: false }, { status: 401 });
  return Response.json({
    signedIn: true,
    email: session.user.email,
    userHash: session.user.userHash,
    sessionId: session.sessionId,
    accessTokenExpiresAt: session.expiresAt.toISOString(),
  });
}

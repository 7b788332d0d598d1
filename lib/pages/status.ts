// The HTTP status of a hosted page, decided before it renders (proxy.ts): the page
// itself shows a readable card either way, the status tells browsers, crawlers and
// monitoring what happened.
import { getLandingState } from '../challenges/landing';
import { isDatabaseUnavailable } from '../errors';
import { loadHostedLogin } from '../workflows/hosted-logins';

// as the API answers such codes: used 409, expired 410; a workflow whose redirect is no
// longer on its project's origins 424 (as POST /api/uauth/session and verify answer it)
const landingStatus = { ready: 200, invalid: 404, used: 409, expired: 410, misconfigured: 424 } as const;
const hostedStatus = { ready: 200, invalid: 404, expired: 410, completed: 410, misconfigured: 424 } as const;

export async function hostedPageStatus(url: URL): Promise<number> {
  try {
    if (url.pathname === '/uauth') {
      const hosted = await loadHostedLogin(url.searchParams.get('sessionId') ?? undefined);
      return hostedStatus[hosted.kind];
    }
    const landing = url.pathname.match(/^\/l\/([^/]+)$/);
    if (landing?.[1] && landing[1] !== 'continue') {
      return landingStatus[(await getLandingState(decodeURIComponent(landing[1]))).kind];
    }
    return 200;
  } catch (error) {
    // The page shows "temporarily unavailable"; anything else it reports itself.
    return isDatabaseUnavailable(error) ? 503 : 200;
  }
}

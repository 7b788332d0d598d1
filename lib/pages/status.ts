// The hosted pages that look something up before they render — the hosted login
// (/uauth?sessionId=…) and the magic-link landing (/l/<code>) — and the HTTP status of each
// state. The page shows a readable card either way; the status tells browsers, crawlers
// and monitoring what happened. One lookup per page view: proxy.ts looks up, answers with
// the status and hands the result to the page (lib/pages/page-state.ts); the page looks up
// itself only when the proxy did not (lookUpForPage).
import { getLandingState, type LandingState } from '../challenges/landing';
import { isDatabaseUnavailable } from '../errors';
import { log } from '../log';
import { loadHostedLogin } from '../workflows/hosted-login-state';
import { openPageState, sealPageState } from './page-state';

/** What the hosted login page shows: only what it renders (no rows, no project key). */
export type HostedLoginView =
  | { kind: 'ready'; sessionId: string; projectName: string; logoUrl: string | null }
  | { kind: 'expired' | 'completed' | 'misconfigured'; projectName: string; logoUrl: string | null }
  | { kind: 'invalid' };

/** A lookup's result; `unavailable`: the database could not be reached (503, "try again" card). */
export type Looked<T> = { ok: true; value: T } | { ok: false };

type PageLookup<T> = {
  name: string;
  load(subject: string): Promise<T>;
  status(value: T): number;
};

// as the API answers such states: used 409, expired or completed 410; a workflow whose
// redirect is no longer on its project's origins 424 (as POST /api/uauth/session and verify)
const hostedStatus = { ready: 200, invalid: 404, expired: 410, completed: 410, misconfigured: 424 } as const;
const landingStatus = { ready: 200, invalid: 404, used: 409, expired: 410, misconfigured: 424 } as const;

export const hostedLoginLookup: PageLookup<HostedLoginView> = {
  name: 'hosted-login',
  async load(sessionId) {
    const hosted = await loadHostedLogin(sessionId);
    if (hosted.kind === 'invalid') return hosted;
    const shown = { projectName: hosted.project.name, logoUrl: hosted.project.logoUrl };
    return hosted.kind === 'ready'
      ? { kind: 'ready', sessionId: hosted.session.id, ...shown }
      : { kind: hosted.kind, ...shown };
  },
  status: (view: HostedLoginView) => hostedStatus[view.kind],
};

export const landingLookup: PageLookup<LandingState> = {
  name: 'landing',
  load: getLandingState,
  status: (state: LandingState) => landingStatus[state.kind],
};

/** The lookup a page URL needs, with its subject; null for every other page. */
function lookupFor(url: URL): { lookup: PageLookup<unknown>; subject: string } | null {
  if (url.pathname === '/uauth') return { lookup: hostedLoginLookup, subject: url.searchParams.get('sessionId') ?? '' };
  const landing = url.pathname.match(/^\/l\/([^/]+)$/);
  if (landing?.[1] && landing[1] !== 'continue') {
    return { lookup: landingLookup, subject: decodeURIComponent(landing[1]) };
  }
  return null;
}

/**
 * proxy.ts's lookup for a GET of a page: the status to answer with and, for the page, the
 * sealed result (null for pages that look nothing up, and when the lookup failed for
 * another reason than the database: the page then looks up again and reports it).
 */
export async function lookUpForProxy(url: URL): Promise<{ status: number; pageState: string | null }> {
  const target = lookupFor(url);
  if (!target) return { status: 200, pageState: null };
  const { lookup, subject } = target;
  try {
    const value = await lookup.load(subject);
    return { status: lookup.status(value), pageState: sealPageState(lookup.name, subject, { ok: true, value }) };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) return { status: 200, pageState: null };
    log.error('hosted page: database unavailable');
    return { status: 503, pageState: sealPageState(lookup.name, subject, { ok: false }) };
  }
}

/** The page's side: what proxy.ts looked up for this request, else a lookup of its own. */
export async function lookUpForPage<T>(lookup: PageLookup<T>, subject: string, headers: Headers): Promise<Looked<T>> {
  const handed = openPageState(headers, lookup.name, subject);
  if (handed) return handed as Looked<T>;
  try {
    return { ok: true, value: await lookup.load(subject) };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log.error('hosted page: database unavailable');
    return { ok: false };
  }
}

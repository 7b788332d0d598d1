import { getEnv } from '@/lib/env';
import { AppError, isDatabaseUnavailable } from '@/lib/errors';
import { clientIp } from '@/lib/http/client-ip';
import { readFormPost } from '@/lib/http/form-post';
import { log } from '@/lib/log';
import { emailSchema } from '@/lib/validation';
import { startHostedSignIn } from '@/lib/workflows/hosted-logins';

export const dynamic = 'force-dynamic';

// POST /uauth/submit — the hosted login form. A plain form post answered 303, so it
// works without JavaScript (and without Server Actions' Origin check, which a
// no-referrer page fails: its form posts carry `Origin: null`).
export async function POST(request: Request): Promise<Response> {
  // Sends are timed, and answers that mail nothing padded, from here.
  const requestStartedAt = performance.now();
  const { APP_URL } = getEnv();
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  if (form === null) return seeOther(`${APP_URL}/uauth`);
  const sessionId = String(form.get('sessionId') ?? '');
  const page = (query: Record<string, string>) =>
    `${APP_URL}/uauth?${new URLSearchParams({ sessionId, ...query }).toString()}`;

  const parsed = emailSchema.safeParse(form.get('email'));
  if (!parsed.success) return seeOther(page({ error: 'invalid_email' }));

  let target = page({ sent: '1' });
  try {
    const outcome = await startHostedSignIn(sessionId, parsed.data, {
      endUser: { ip: clientIp(request.headers) },
      startedAt: requestStartedAt,
    });
    if (outcome !== 'ready') target = page({});
  } catch (error) {
    if (error instanceof AppError && error.code === 'rate_limited') target = page({ sent: '1', error: 'wait' });
    else if (error instanceof AppError && error.code === 'email_delivery_failed') target = page({ error: 'delivery' });
    else if (isDatabaseUnavailable(error)) target = page({ error: 'unavailable' });
    else {
      log.error('hosted sign-in failed', { err: error });
      target = page({ error: 'unavailable' });
    }
  }
  const response = seeOther(target);
  // Remember the address for the "check your email" page without putting it in the URL.
  const secure = APP_URL.startsWith('https:') ? '; Secure' : '';
  response.headers.append(
    'Set-Cookie',
    `uauth_email_${sessionId.replace(/[^0-9a-f]/g, '')}=${encodeURIComponent(parsed.data)}; Path=/uauth; Max-Age=1800; HttpOnly; SameSite=Lax${secure}`,
  );
  return response;
}

function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

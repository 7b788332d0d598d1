import { clientIp } from '@/lib/http/client-ip';
import { hostedEmailCookie, setCookie } from '@/lib/http/cookies';
import { formErrorCode, formText, readFormPost, seeOther } from '@/lib/http/form-post';
import { emailSchema } from '@/lib/validation';
import { startHostedSignIn } from '@/lib/workflows/hosted-logins';

export const dynamic = 'force-dynamic';

// POST /uauth/submit — the hosted login form. A plain form post answered 303, so it
// works without JavaScript (and without Server Actions' Origin check, which a
// no-referrer page fails: its form posts carry `Origin: null`).
export async function POST(request: Request): Promise<Response> {
  // Sends are timed, and answers that mail nothing padded, from here.
  const requestStartedAt = performance.now();
  const form = await readFormPost(request);
  if (form instanceof Response) return form;
  if (form === null) return seeOther('/uauth');
  const sessionId = formText(form, 'sessionId') ?? '';
  const page = (query: Record<string, string> = {}) => seeOther('/uauth', { sessionId, ...query });

  const parsed = emailSchema.safeParse(form.get('email'));
  if (!parsed.success) return page({ error: 'invalid_email' });

  // Remember the address for the "check your email" page without putting it in the URL.
  await setCookie(hostedEmailCookie(sessionId), parsed.data);
  try {
    const outcome = await startHostedSignIn(sessionId, parsed.data, {
      endUser: { ip: clientIp(request.headers) },
      startedAt: requestStartedAt,
    });
    return outcome === 'ready' ? page({ sent: '1' }) : page();
  } catch (error) {
    const code = formErrorCode(error, 'hosted sign-in');
    // Too many emails: the page still says "check your email", with the wait.
    return page(code === 'wait' ? { sent: '1', error: code } : { error: code });
  }
}

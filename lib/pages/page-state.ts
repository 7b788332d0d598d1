// How proxy.ts hands what it looked up to the page it lets through: a request header
// (NextResponse.next({ request: { headers } })) holding the result, HMAC-signed under a
// random key that lives only in this process's memory. The page trusts the header only
// when the signature holds and it names the same lookup and subject (the sessionId, the
// code); otherwise — a request the proxy's matcher skips keeps whatever header the client
// sent — the page looks up itself.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const PAGE_STATE_HEADER = 'x-uauth-page-state';

// On globalThis: Next bundles proxy.ts and the pages separately, so a module-level key
// would differ between them; both run in this one process.
const keyHolder = globalThis as unknown as { [key: symbol]: Buffer | undefined };
const KEY = Symbol.for('uauth.pageStateKey');

function key(): Buffer {
  keyHolder[KEY] ??= randomBytes(32);
  return keyHolder[KEY];
}

const mac = (payload: string) => createHmac('sha256', key()).update(payload).digest();

/** The header value carrying `value`, the result of lookup `name` for `subject`. */
export function sealPageState(name: string, subject: string, value: unknown): string {
  const payload = Buffer.from(JSON.stringify({ name, subject, value })).toString('base64url');
  return `${payload}.${mac(payload).toString('base64url')}`;
}

/** The value proxy.ts sealed for lookup `name` of `subject`, or undefined when absent, forged or for another. */
export function openPageState(headers: Headers, name: string, subject: string): unknown {
  const [payload, signature, extra] = (headers.get(PAGE_STATE_HEADER) ?? '').split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const sealed = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    return sealed.name === name && sealed.subject === subject ? sealed.value : undefined;
  } catch {
    return undefined;
  }
}

// Helpers shared by the reliability tests (real processes, real PostgreSQL).
import http from 'node:http';

/** Many requests from one IP: rate limits (when present) must not be what a test measures. */
export const noRateLimits = {
  RATE_LIMIT_SEND_PER_ADDRESS: 'off',
  RATE_LIMIT_SEND_PER_IP: 'off',
  RATE_LIMIT_SEND_PER_ORGANIZATION: 'off',
  RATE_LIMIT_VERIFY_PER_IP: 'off',
} as const;

/** Runs fn over items with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

/**
 * A request whose body is sent in two parts: the first now, the rest when `finish` is
 * called. Until then the request is in flight inside the app (its handler waits for
 * the body). Resolves with the status and body once answered.
 */
export function slowRequest(
  baseUrl: string,
  method: string,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): { sent: Promise<void>; finish: () => void; response: Promise<{ status: number; text: string }> } {
  const url = new URL(path, baseUrl);
  const bytes = Buffer.from(body);
  const split = Math.max(1, Math.floor(bytes.length / 2));
  let finish!: () => void;
  let sent!: () => void;
  const sentPromise = new Promise<void>((r) => (sent = r));
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { 'content-type': 'application/json', 'content-length': String(bytes.length), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.write(bytes.subarray(0, split), () => sent());
    finish = () => req.end(bytes.subarray(split));
  });
  return { sent: sentPromise, finish: () => finish(), response };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

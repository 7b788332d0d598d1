import type { ReactNode } from 'react';
import { isDatabaseUnavailable } from '@/lib/errors';
import { log } from '@/lib/log';

/** The centred card every hosted page (landing, hosted login) is made of. */
export function Card({ title, logo, children }: { title: string; logo?: ReactNode; children: ReactNode }) {
  return (
    <main className="center">
      <div className="card">
        {logo}
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function Logo({ url, alt = '' }: { url: string | null; alt?: string }) {
  return url ? <img className="logo" src={url} alt={alt} /> : null;
}

/**
 * Loads what a hosted page needs; when the database cannot be reached, the page shows a
 * readable "try again" card instead of an error shell.
 */
export async function loadOrUnavailable<T>(
  load: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; page: ReactNode }> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    log.error('hosted page: database unavailable');
    return {
      ok: false,
      page: (
        <Card title="Sign-in is temporarily unavailable">
          <p role="alert">We cannot complete your sign-in right now. Please try again in a minute.</p>
        </Card>
      ),
    };
  }
}

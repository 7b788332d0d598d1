import type { ReactNode } from 'react';

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

/** A hosted page whose lookup could not reach the database: a readable "try again" (status 503). */
export function UnavailableCard() {
  return (
    <Card title="Sign-in is temporarily unavailable">
      <p role="alert">We cannot complete your sign-in right now. Please try again in a minute.</p>
    </Card>
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { isMailboxEnabled, listMailbox } from '@/lib/mail/mailbox';
import { emailSchema } from '@/lib/validation';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Development mailbox' };

type Props = { searchParams: Promise<{ to?: string | string[] }> };

// Emails the outbox transport stored instead of sending. Gone when Resend is configured.
export default async function MailboxPage({ searchParams }: Props) {
  if (!isMailboxEnabled()) notFound();
  const raw = (await searchParams).to;
  const parsed = emailSchema.safeParse(Array.isArray(raw) ? raw[0] : raw);
  const to = parsed.success ? parsed.data : undefined;
  const messages = await listMailbox({ to });

  return (
    <main className="page">
      <h1>Development mailbox</h1>
      <p className="muted">
        No email provider is configured, so UAuth keeps every email here instead of sending it. Newest first.
      </p>
      <form className="inline" method="get">
        <label htmlFor="to" className="muted">
          To
        </label>
        <input id="to" name="to" type="email" defaultValue={to ?? ''} placeholder="any address" />
        <button className="button" type="submit">
          Filter
        </button>
      </form>
      {messages.length === 0 ? (
        <p className="muted">No messages{to ? ` to ${to}` : ''} yet.</p>
      ) : (
        <ul className="messages">
          {messages.map((m) => (
            <li key={m.id} className="message">
              <header>
                <strong>{m.subject}</strong>
                <span className="muted">
                  to {m.to} · <time dateTime={m.createdAt}>{m.createdAt.replace('T', ' ').slice(0, 19)} UTC</time>
                </span>
              </header>
              <div className="links">
                {m.links.map((link) => (
                  <a key={link} href={link}>
                    {link}
                  </a>
                ))}
              </div>
              <iframe title={`Email: ${m.subject}`} sandbox="" srcDoc={m.html} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

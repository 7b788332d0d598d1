import Link from 'next/link';

export default function HomePage() {
  return (
    <main className="center">
      <div className="card">
        <h1>UAuth</h1>
        <p>Passwordless sign-in with email magic links: a REST API for your app, hosted pages for your users.</p>
        <p>
          <Link className="button" href="/login">
            Sign in to the dashboard
          </Link>
        </p>
        <p className="notice">
          API base: <code>/api</code> · <Link href="/docs">API reference</Link> (<a href="/api/openapi.json">OpenAPI</a>
          ) · development mailbox: <Link href="/dev/mailbox">/dev/mailbox</Link>
        </p>
      </div>
    </main>
  );
}

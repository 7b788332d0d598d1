'use client';

// Shown instead of any page that failed to render: never a stack trace.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="center">
      <div className="card">
        <h1 className="error-title">Something went wrong</h1>
        <p>We could not show this page right now. Please try again in a moment.</p>
        <button type="button" className="button" onClick={() => reset()}>
          Try again
        </button>
      </div>
    </main>
  );
}

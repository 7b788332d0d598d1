'use client';

// A dashboard page that failed to render: say what to do, never a stack trace.
export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="panel">
      <h1 className="error-title">This page could not be loaded</h1>
      <p>The database may be briefly unavailable. Try again; if it keeps happening, check the server logs.</p>
      <div className="row">
        <button type="button" className="btn" onClick={() => reset()}>
          Try again
        </button>
        <a className="btn secondary" href="/dashboard">
          Back to projects
        </a>
      </div>
    </div>
  );
}

// Shown while a dashboard page loads.
export default function Loading() {
  return (
    <div className="panel" aria-busy="true" aria-live="polite">
      <p className="muted">Loading…</p>
      <div className="skeleton" style={{ width: '60%' }} />
      <div className="skeleton" style={{ width: '85%' }} />
      <div className="skeleton" style={{ width: '40%' }} />
    </div>
  );
}

export default function NotFound() {
  return (
    <main className="center">
      <div className="card">
        <h1>Page not found</h1>
        <p>There is nothing at this address.</p>
      </div>
    </main>
  );
}

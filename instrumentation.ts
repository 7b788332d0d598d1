// Runs once when the Next.js server starts: configuration check, migrations, banner.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // Every request: the socket's peer address for rate limits (Next.js does not expose
    // it), HSTS when APP_URL is https, a warning when a proxy is in front without TRUST_PROXY.
    const { installServerHooks } = await import('./lib/http/server-hooks');
    installServerHooks();
    const { startServer } = await import('./lib/startup');
    await startServer();
  }
}

// Runs once when the Next.js server starts: configuration check, migrations, banner.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // Rate limits need the socket's peer address, which Next.js does not expose.
    const { installPeerAddressHeader } = await import('./lib/http/client-ip');
    installPeerAddressHeader();
    const { startServer } = await import('./lib/startup');
    await startServer();
  }
}

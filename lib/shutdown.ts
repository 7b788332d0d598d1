// Graceful shutdown of `next start` on SIGTERM/SIGINT (docker stop, systemd, Kubernetes).
// Next.js itself already stops accepting connections and lets the requests in flight
// finish, then calls process.exit(143) (130 for SIGINT). What it does not do is close
// our database pool or stop our timers, and a service manager reads 143 as a failure.
// So on the signal we stop housekeeping, and when Next asks to exit we first close the
// pool (bounded), then exit 0: the shutdown that was asked for went well.
import { closeDatabase } from './db/client';
import { stopHousekeeping } from './housekeeping/purge';
import { log } from './log';

/** Longest we wait for Next to drain before exiting anyway. */
const DRAIN_TIMEOUT_MS = 30_000;
/** Longest we wait for the database pool to close. */
const CLOSE_TIMEOUT_MS = 6_000;

const globalForShutdown = globalThis as unknown as { __uauthShutdown?: boolean };

export function installShutdownHandlers(): void {
  if (globalForShutdown.__uauthShutdown) return;
  globalForShutdown.__uauthShutdown = true;

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    log.info(`${signal}: finishing requests in flight, then shutting down`);
    stopHousekeeping();

    const exit = process.exit.bind(process);
    let closing = false;
    // Next.js calls process.exit once its server has closed (no request left in flight).
    process.exit = ((code?: number | string | null) => {
      if (closing) return undefined as never;
      closing = true;
      const graceful = code === 143 || code === 130 || code === 0 || code === undefined;
      // Bounded: a pool still connecting to an unreachable server must not hold the exit.
      Promise.race([closeDatabase(), new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref())])
        .catch((error: unknown) => log.error('closing the database pool', { err: error }))
        .finally(() => {
          log.info('shut down');
          exit(graceful ? 0 : code);
        });
      return undefined as never;
    }) as typeof process.exit;

    const timer = setTimeout(() => {
      log.error(`requests still in flight after ${DRAIN_TIMEOUT_MS / 1000} s; exiting anyway`);
      exit(1);
    }, DRAIN_TIMEOUT_MS);
    timer.unref();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

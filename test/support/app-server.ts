// Starts the built app (`next build` output) with `next start` on a free port, the
// way it is deployed: NODE_ENV=production, real PostgreSQL (a fresh database) or the
// embedded PGlite in a temporary DATA_DIR.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './postgres';

export const root = path.resolve(import.meta.dirname, '../..');
const nextBin = path.join(root, 'node_modules/next/dist/bin/next');

export type AppServer = {
  url: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  env: Record<string, string>;
  logs: () => string;
  stop: () => Promise<void>;
  /** The `next start` process (reliability tests signal and kill it). */
  child: ChildProcess;
};

export type StartAppOptions = {
  /** 'postgres' (default): a fresh database; 'embedded': PGlite in dataDir. */
  database?: 'postgres' | 'embedded';
  /** Use an existing database instead of creating one. */
  databaseUrl?: string;
  /** Reuse a data directory (embedded restarts). */
  dataDir?: string;
  env?: Record<string, string | undefined>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function startApp(options: StartAppOptions = {}): Promise<AppServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'uauth-data-'));
  let database: TestDatabase | undefined;
  let databaseUrl = options.databaseUrl;
  if (!databaseUrl && (options.database ?? 'postgres') === 'postgres') {
    database = await createTestDatabase();
    databaseUrl = database.url;
  }

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'production',
    APP_URL: url,
    SESSION_SECRET: 'test-session-secret-0123456789-abcdefghijklmnop',
    MAIL_TRANSPORT: 'outbox',
    // production's default is `invite`; the tests that need it say so
    DASHBOARD_SIGNUP: 'open',
    DATA_DIR: dataDir,
    NEXT_TELEMETRY_DISABLED: '1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));

  const stop = async () => {
    await stopProcess(child);
    if (database) await database.drop().catch(() => {});
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(url, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, dataDir, databaseUrl, env, logs: () => output, stop, child };
}

async function waitForReady(url: string, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${logs()}`);
    if (logs().includes('UAuth is ready')) {
      try {
        const res = await fetch(`${url}/api/health-check-404`);
        if (res.status === 404) return;
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`app did not start within 60 s:\n${logs()}`);
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

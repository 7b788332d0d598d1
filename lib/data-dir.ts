// DATA_DIR holds the embedded database, the generated development SESSION_SECRET and the
// CLI's control socket (which runs any CLI command with the app's rights): nobody but
// the owner may read it. Whatever creates it creates it owner-only (0700); a directory
// that already exists is the operator's choice and is not changed, but one readable or
// writable by others is named in a warning (once per process).
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { log } from './log';

const globalForDataDir = globalThis as unknown as { __uauthDataDirWarned?: Set<string> };

/** Creates `dataDir` (mode 0700) if it is missing; warns once if it is open to others. */
export function ensurePrivateDataDir(dataDir: string): void {
  const directory = path.resolve(dataDir);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const mode = statSync(directory).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  globalForDataDir.__uauthDataDirWarned ??= new Set();
  const warned = globalForDataDir.__uauthDataDirWarned;
  if (warned.has(directory)) return;
  warned.add(directory);
  log.warn(
    `WARNING: DATA_DIR ${directory} is accessible to other users (mode ${mode.toString(8).padStart(4, '0')}). ` +
      `It holds the embedded database, the development session secret and the control socket. Run: chmod 700 ${directory}`,
  );
}

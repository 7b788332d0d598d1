// The zero-setup database: PostgreSQL compiled to WASM (PGlite), kept in DATA_DIR/pgdata.
// PGlite is single-process, so one process owns it at a time. The owner records itself
// in DATA_DIR/embedded.json; a second process (the CLI while `npm run dev` runs) sees the
// live owner and sends its command through the owner's control socket instead
// (lib/control/).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { ensurePrivateDataDir } from '../data-dir';

type OwnerRecord = { pid: number; controlSocket: string | null };

export class EmbeddedDatabaseBusyError extends Error {
  override name = 'EmbeddedDatabaseBusyError';
  constructor(readonly owner: OwnerRecord) {
    super(
      `The embedded database is open in another process (pid ${owner.pid}). ` +
        'Stop it, or set DATABASE_URL to use a PostgreSQL server.',
    );
  }
}

function ownerFile(dataDir: string): string {
  return path.resolve(dataDir, 'embedded.json');
}

export function controlSocketPath(dataDir: string): string {
  return path.resolve(dataDir, 'control.sock');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process that owns the embedded database, if it is not this one. */
export function embeddedOwner(dataDir: string): OwnerRecord | null {
  try {
    const record = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as OwnerRecord;
    if (record.pid !== process.pid && isAlive(record.pid)) return record;
  } catch {
    // no owner file, or an unreadable one: nobody owns it
  }
  return null;
}

/** Opens DATA_DIR/pgdata in this process and records this process as its owner. */
export async function openEmbeddedDatabase(dataDir: string, options: { serveControl: boolean }): Promise<PGlite> {
  const owner = embeddedOwner(dataDir);
  if (owner) throw new EmbeddedDatabaseBusyError(owner);
  ensurePrivateDataDir(dataDir);
  const record: OwnerRecord = {
    pid: process.pid,
    controlSocket: options.serveControl ? controlSocketPath(dataDir) : null,
  };
  writeFileSync(ownerFile(dataDir), JSON.stringify(record));
  process.once('exit', () => releaseOwnership(dataDir));

  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create(path.resolve(dataDir, 'pgdata'));
}

function releaseOwnership(dataDir: string): void {
  try {
    const record = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as OwnerRecord;
    if (record.pid === process.pid) rmSync(ownerFile(dataDir), { force: true });
  } catch {
    // already gone
  }
}

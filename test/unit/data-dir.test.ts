// DATA_DIR and the control socket are private from their first moment: a missing DATA_DIR
// is created 0700 (by the embedded database, the development session secret and the
// control socket alike), an existing one open to others is left alone but named in one
// warning, and the control socket is bound under umask 077 (no group or world bits even
// before its listen callback runs).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { ensurePrivateDataDir } from '../../lib/data-dir';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'uauth-data-dir-test-'));
const saved = { ...process.env };
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('ensurePrivateDataDir', () => {
  it('creates a missing directory (and its missing parents) owner-only, whatever the umask', () => {
    expect(process.umask() & 0o077).not.toBe(0o077); // the usual 022: others could read
    const dir = path.join(tmp, 'fresh', 'data');
    ensurePrivateDataDir(dir);
    expect(modeOf(dir)).toBe(0o700);
  });

  it('leaves an existing 0755 directory as it is and warns once, naming it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dir = path.join(tmp, 'open');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    ensurePrivateDataDir(dir);
    ensurePrivateDataDir(dir);
    expect(modeOf(dir)).toBe(0o755);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain(`DATA_DIR ${dir} is accessible to other users (mode 0755)`);
    expect(String(warn.mock.calls[0]?.[0])).toContain(`chmod 700 ${dir}`);
  });

  it('says nothing about an existing owner-only directory', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dir = path.join(tmp, 'private');
    mkdirSync(dir, { mode: 0o700 });
    ensurePrivateDataDir(dir);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('the generated development session secret', () => {
  it('creates DATA_DIR 0700 and the secret file 0600', async () => {
    vi.resetModules();
    const dir = path.join(tmp, 'dev-secret', 'data');
    for (const key of ['SESSION_SECRET', 'DATABASE_URL', 'MAIL_TRANSPORT', 'RESEND_API_KEY', 'APP_URL'])
      delete process.env[key];
    Object.assign(process.env, { NODE_ENV: 'development', DATA_DIR: dir });
    const { getEnv } = await import('../../lib/env');
    expect(getEnv().SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, 'session-secret'))).toBe(0o600);
  });
});

describe('the control socket', () => {
  it('is owner-only the moment it exists, in an owner-only directory; the umask is restored', async () => {
    const dir = path.join(tmp, 'control', 'data');
    const socketPath = path.join(dir, 'control.sock');
    const { startControlServer } = await import('../../lib/control/server');
    const umask = process.umask();
    startControlServer(socketPath);
    // listen() binds a Unix socket synchronously: look before its callback (the chmod) runs.
    const mode = modeOf(socketPath);
    const server = (globalThis as unknown as { __uauthControl?: net.Server }).__uauthControl;
    try {
      expect(mode & 0o077).toBe(0);
      expect(modeOf(dir)).toBe(0o700);
      expect(process.umask()).toBe(umask);
    } finally {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    }
  });
});

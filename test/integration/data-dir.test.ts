// DATA_DIR is private: an embedded start creates it owner-only (0700) with an owner-only
// control socket in it; an existing directory open to others is left as the operator made
// it, and the start-up log names it once.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { randomEmail, runCli } from '../support/api';
import { type AppServer, startApp } from '../support/app-server';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'uauth-data-dir-'));
let app: AppServer | undefined;

afterEach(async () => {
  await app?.stop();
  app = undefined;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const modeOf = (file: string) => statSync(file).mode & 0o777;
const warnings = (logs: string) => logs.split('WARNING: DATA_DIR').length - 1;

it('an embedded start creates DATA_DIR 0700 and the control socket without group or world bits', async () => {
  const dataDir = path.join(tmp, 'new', 'data');
  app = await startApp({ database: 'embedded', dataDir });
  expect(modeOf(dataDir)).toBe(0o700);
  const socket = statSync(path.join(dataDir, 'control.sock'));
  expect(socket.isSocket()).toBe(true);
  expect(socket.mode & 0o077).toBe(0);
  expect(warnings(app.logs())).toBe(0);
  // and the CLI still reaches the app through it
  const org = await runCli({ ...app.env }, ['org', 'create', '--name', 'Private', '--email', randomEmail('private')]);
  expect(org.code, org.stderr).toBe(0);
  expect(org.stderr).toMatch(/sending the command/);
});

it('an existing 0755 DATA_DIR is left alone and named in one start-up warning', async () => {
  const dataDir = path.join(tmp, 'open');
  mkdirSync(dataDir);
  chmodSync(dataDir, 0o755);
  app = await startApp({ database: 'embedded', dataDir });
  expect(modeOf(dataDir)).toBe(0o755);
  expect(warnings(app.logs())).toBe(1);
  expect(app.logs()).toContain(`DATA_DIR ${dataDir} is accessible to other users (mode 0755)`);
  expect(app.logs()).toContain(`chmod 700 ${dataDir}`);
});

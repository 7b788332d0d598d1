// The @uauth/client package (packages/client) as its users get it: built with its own
// tsconfig, packed with `npm pack`, installed from the tarball.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './app-server';

export const clientDir = path.join(root, 'packages/client');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Fails unless packages/client/dist (what `import '@uauth/client'` loads in this repository,
 * through the workspace link) is at least as new as its sources: `npm test` builds it first;
 * alone, run `npm run build:client`.
 */
export function assertClientBuilt(): void {
  const dist = path.join(clientDir, 'dist');
  const fresh =
    existsSync(path.join(dist, 'index.js')) && newestMtime(dist) >= newestMtime(path.join(clientDir, 'src'));
  if (!fresh) throw new Error('packages/client/dist is missing or older than its sources: run `npm run build:client`.');
}

/**
 * Builds the package from its current sources into a staging copy (its package.json, README and
 * a fresh dist from its own tsconfig) and packs it there: the tarball `npm publish` would
 * upload. The repository's own dist is left alone (other tests load it meanwhile).
 */
export function packClient(): { tarball: string; files: string[] } {
  const staging = mkdtempSync(path.join(os.tmpdir(), 'uauth-client-pack-'));
  for (const file of ['package.json', 'README.md']) copyFileSync(path.join(clientDir, file), path.join(staging, file));
  execFileSync(
    process.execPath,
    [tsc, '-p', path.join(clientDir, 'tsconfig.json'), '--outDir', path.join(staging, 'dist')],
    {
      cwd: root,
      stdio: 'pipe',
    },
  );
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', staging], {
    cwd: staging,
    encoding: 'utf8',
  });
  const [packed] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!packed) throw new Error(`npm pack answered nothing: ${out}`);
  return { tarball: path.join(staging, packed.filename), files: packed.files.map((f) => f.path).sort() };
}

/** A new folder outside the repository with `npm install <tarball>` done (jose from the registry). */
export function installClient(tarball: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'uauth-client-app-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'client-package-check', private: true, type: 'module' }, null, 2)}\n`,
  );
  execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'pipe',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  return dir;
}

/** Unpacks the tarball as `node_modules/@uauth/client` of `appDir` (what npm does with the package itself). */
export function unpackClientInto(tarball: string, appDir: string): void {
  const target = path.join(appDir, 'node_modules/@uauth/client');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
}

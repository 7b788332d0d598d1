// `npm test`: lint and format check (Biome), build the @uauth/client package (packages/client: the tests import its
// dist) and the app once, then unit + integration tests (vitest) against the built app on real PostgreSQL, then the
// browser tests (Playwright, real Chromium).
// SKIP_BUILD=1 reuses an existing .next build.
import { spawnSync } from 'node:child_process';

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['biome', 'check', '.']);
run('npm', ['run', 'build', '--workspace', '@uauth/client']);
if (process.env.SKIP_BUILD !== '1') run('npx', ['next', 'build']);
run('npx', ['tsc', '--noEmit']);
run('npx', ['vitest', 'run']);
run('npx', ['playwright', 'test']);

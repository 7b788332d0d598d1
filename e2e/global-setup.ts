// Starts the built app once for all browser tests (fresh PostgreSQL database) and
// hands its URL and environment to the test workers through process.env:
//   UAUTH_URL      the app's base URL (http://127.0.0.1:<port>)
//   UAUTH_APP_ENV  JSON of the app's environment (the CLI needs the same DATABASE_URL)
// The function it returns is Playwright's global teardown: it stops the app and drops
// the database.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';
import { root, startApp } from '../test/support/app-server';

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID'))) {
    throw new Error('No build found: run `npx next build` (or `npm test`) before `npx playwright test`.');
  }
  // Browser tests sign the same addresses in again and again, and the dashboard signs in
  // per test; the default limits are proven in test/security/rate-limits.test.ts.
  const app = await startApp({
    env: { RATE_LIMIT_SEND_PER_ADDRESS: '100/1m', RATE_LIMIT_SIGN_IN_PER_ADDRESS: '100/1m' },
  });
  process.env.UAUTH_URL = app.url;
  process.env.UAUTH_APP_ENV = JSON.stringify(app.env);
  return async () => {
    if (process.env.UAUTH_E2E_LOGS === '1') console.log(app.logs());
    await app.stop();
  };
}

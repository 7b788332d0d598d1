// Browser tests (real Chromium) against the built app: `npx next build` first, then
// `npx playwright test`. e2e/global-setup.ts starts `next start` on a fresh PostgreSQL
// database (TEST_PG_URL) and stops it afterwards.
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// No Playwright browser download on our machines: use Debian's chromium when present.
const systemChromium = '/usr/bin/chromium';
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    }
  : {};

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    screenshot: 'on',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'ui',
      testMatch: '**/*.spec.ts',
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
  ],
});

import { defineConfig } from '@playwright/test';

/**
 * Browser end-to-end tests: the real renderer build in Debian's Chromium, driven against browser
 * mode (the real router and core) and the reference server. Playwright's own browser download
 * is not possible here, hence executablePath.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  // Tests wait on application state (text, row counts, aria-busy), never on time, so a retry never
  // turns a failure into a pass: in CI a failed test is run once more only to record its trace
  // (`trace: 'on-first-retry'`), and a test that passes on that retry still fails the run.
  retries: process.env.CI ? 1 : 0,
  failOnFlakyTests: true,
  // Generous bounds for a saturated machine (`npm run test:e2e:load`: the suite under one busy
  // process per core): a passing test never waits for them, they only bound a broken one.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [
    ['list'],
    // On a failure: the steps that led to it and the page's accessibility snapshot, in the log.
    ['./test/e2e/support/step-trail-reporter.ts'],
    ['json', { outputFile: 'reports/playwright.json' }],
    ['html', { outputFolder: 'playwright-report', open: 'never' }],
  ],
  projects: [
    // Layer 5: the renderer in Debian's Chromium, through browser mode.
    { name: 'web', testDir: 'test/e2e/web' },
    // Layer 6: the real Electron app; skips where the binary cannot be installed.
    { name: 'electron', testDir: 'test/e2e/electron' },
  ],
  use: {
    // A bound on each action (click, fill, check…): an action waiting on the page reports which one
    // and why, instead of silently using up the whole test budget (a CI run once timed out with
    // nothing but "Test timeout exceeded"). Expectations keep their own, longer, bounds.
    actionTimeout: 60_000,
    navigationTimeout: 120_000,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    viewport: { width: 1366, height: 820 },
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.WAPT_CONSOLE_BROWSER ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});

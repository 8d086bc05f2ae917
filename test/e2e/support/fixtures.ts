import { test as base, expect, type Page } from '@playwright/test';
import { startConsole, type ConsoleInstance } from './browser-mode';

export interface CspViolation {
  directive: string;
  blocked: string;
}

/**
 * Every page records Content-Security-Policy violations from the first script on; a test fails
 * if any was recorded (the renderer must run under the shipped CSP, untouched).
 */
export const test = base.extend<{ consoleApp: ConsoleInstance; cspViolations: CspViolation[] }>({
  // Playwright requires the destructuring pattern even when a fixture uses no other fixture.
  // eslint-disable-next-line no-empty-pattern
  consoleApp: async ({}, use) => {
    // Simulated agents run fast in tests so host actions finish in a second or two.
    const app = await startConsole({ env: { WAPT_CONSOLE_DEMO_SPEED: '400' } });
    await use(app);
    await app.stop();
  },
  cspViolations: async ({ page }, use) => {
    const violations: CspViolation[] = [];
    await page.exposeFunction('__recordCspViolation', (v: CspViolation) => violations.push(v));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        void (window as unknown as { __recordCspViolation: (v: unknown) => void }).__recordCspViolation({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
        });
      });
    });
    await use(violations);
    expect(violations, 'CSP violations').toEqual([]);
  },
});

export { expect };

export async function openConsole(page: Page, app: ConsoleInstance): Promise<void> {
  await page.goto(app.url);
  // The renderer's boot (bundle, first bridge calls) on a saturated machine: an upper bound only.
  await expect(page.locator('body')).toHaveAttribute('data-app-state', 'ready', { timeout: 120_000 });
}

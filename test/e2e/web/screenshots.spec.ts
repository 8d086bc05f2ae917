import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { LoginPage } from '../pages/login-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

/**
 * Screenshots of the main screens at 1600×1000, light and dark, English and French.
 *
 * - Every screen of every variant is attached to the HTML report (playwright-report/).
 * - A small set is compared with committed baselines (`toHaveScreenshot`, files next to this
 *   spec in screenshots.spec.ts-snapshots/): the login screen and the hosts grid in each variant.
 * - With WAPT_SCREENSHOTS_WRITE=1 (`npm run screenshots:update`), the light English variant also
 *   writes the README's pictures, docs/screenshots/<screen>.png, and the baselines are refreshed.
 *
 * Determinism: the demo fleet is generated from a fixed seed (seed 1, 200 hosts), so names,
 * models and counts repeat; what depends on the clock or the launch (dates, times, the server's
 * random port in the header, temporary paths) is masked in the comparisons.
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const README_DIR = path.join(ROOT, 'docs', 'screenshots');
const WRITE_README = process.env.WAPT_SCREENSHOTS_WRITE === '1';

test.use({ viewport: { width: 1600, height: 1000 } });

type Variant = { language: 'en' | 'fr'; theme: 'light' | 'dark' };
const VARIANTS: Variant[] = [
  { language: 'en', theme: 'light' },
  { language: 'en', theme: 'dark' },
  { language: 'fr', theme: 'light' },
  { language: 'fr', theme: 'dark' },
];

/** What changes from one run to the next: dates, times, the session line, temporary paths. */
function dynamicParts(page: Page): Locator[] {
  return [
    page.getByTestId('session-info'),
    page.locator('.shell__footer'),
    page.getByTestId('hosts-status'),
    page.locator('.toolbar__notice'),
    page.getByTestId('agent-base-dir'),
    page.locator(
      [
        '[col-id="last_seen_on"]',
        '[col-id="changetime"]',
        '[col-id="downloaded_on"]',
        '[col-id$="_on"]',
        '[col-id*="date"]',
        '[col-id="uuid"]',
      ]
        .map((c) => `.ag-cell${c}`)
        .join(', '),
    ),
  ];
}

async function shoot(page: Page, testInfo: TestInfo, variant: Variant, screen: string, compare: boolean) {
  const name = `${screen}-${variant.theme}-${variant.language}.png`;
  if (compare) {
    await expect(page).toHaveScreenshot(name, {
      mask: dynamicParts(page),
      animations: 'disabled',
      caret: 'hide',
      // Anti-aliasing and a blinking focus ring may differ by a few pixels between runs.
      maxDiffPixelRatio: 0.01,
    });
  }
  const body = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { body, contentType: 'image/png' });
  if (WRITE_README && variant.theme === 'light' && variant.language === 'en') {
    mkdirSync(README_DIR, { recursive: true });
    await page.screenshot({
      path: path.join(README_DIR, `${screen}.png`),
      animations: 'disabled',
      caret: 'hide',
    });
  }
}

/** The open tab's panel, and its first grid row when it has a grid. */
const panel = (page: Page) => page.getByRole('tabpanel');
async function gotoTab(page: Page, index: number) {
  await page.keyboard.press(`Control+${index}`);
  await expect(page.getByRole('tab').nth(index - 1)).toHaveAttribute('aria-selected', 'true');
}

for (const variant of VARIANTS) {
  test(`main screens, ${variant.theme}, ${variant.language}`, async ({ page, consoleApp }, testInfo) => {
    // Eight screens, each waiting for its data on a machine that may be saturated.
    test.setTimeout(300_000);
    await openConsole(page, consoleApp);
    const login = new LoginPage(page);
    await login.languageSelect.selectOption(variant.language);
    await login.themeSelect.selectOption(variant.theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', variant.theme);
    await expect(page.locator('html')).toHaveAttribute('lang', variant.language);
    await shoot(page, testInfo, variant, 'login', true);

    const hosts = await loginToDemo(page);
    await expect(hosts.grid).not.toHaveAttribute('aria-busy', 'true');
    await expect(hosts.rows.nth(9)).toBeVisible();
    await page.mouse.move(0, 0);
    await shoot(page, testInfo, variant, 'hosts', true);

    await hosts.row(0).dblclick();
    await expect(hosts.details).toBeVisible();
    await expect(hosts.details.locator('.ag-row').first()).toBeVisible();
    await shoot(page, testInfo, variant, 'host-details', false);
    await hosts.details.getByRole('button', { name: variant.language === 'fr' ? 'Fermer' : 'Close' }).click();
    await expect(hosts.details).toHaveCount(0);

    await gotoTab(page, 2);
    await expect(panel(page).locator('.ag-row').first()).toBeVisible();
    await shoot(page, testInfo, variant, 'windows-updates', false);

    await gotoTab(page, 3);
    const rules = page.getByTestId('rules-grid');
    await rules.locator('.ag-row').first().click();
    await page.getByTestId('edit-rules').click();
    await expect(page.getByTestId('rules-editor')).toBeVisible();
    await page.getByTestId('load-updates').click();
    await expect(page.getByTestId('candidates-grid').locator('.ag-row').nth(5)).toBeVisible();
    await shoot(page, testInfo, variant, 'wua-rules-editor', false);

    await gotoTab(page, 4);
    await expect(page.getByTestId('agent-base-dir')).toBeVisible();
    await shoot(page, testInfo, variant, 'agent-wizard', false);

    await gotoTab(page, 5);
    await expect(page.getByTestId('audit-tab').locator('.ag-row').first()).toBeVisible();
    await shoot(page, testInfo, variant, 'audit', false);

    await gotoTab(page, 6);
    await expect(page.getByTestId('repository-tab').locator('.ag-row').first()).toBeVisible();
    await shoot(page, testInfo, variant, 'repository', false);
  });
}

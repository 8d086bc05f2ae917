import type { Page } from '@playwright/test';
import { LoginPage } from '../pages/login-page';
import { WuaRulesPage } from '../pages/wua-rules-page';
import { loginToDemo } from '../support/demo';
import { englishOnPage, englishOnlyWords } from '../support/english-words';
import { expect, openConsole, test } from '../support/fixtures';

/**
 * The console in French shows no English interface text (issue 15 point 8): on each main screen,
 * every visible text, title and aria-label is checked against the English-only words of the
 * catalogues (test/e2e/support/english-words.ts) minus an allow-list of proper nouns and codes
 * (test/e2e/support/french-allow-list.txt). Fleet data (host names, update titles) is skipped.
 * Every wait is on application state (a heading, a selected tab, a drawn row), never on time.
 */

const english = englishOnlyWords();

/** A visible data row in the grid of the element matching `scope`. */
const firstRow = (page: Page, scope = 'body') => page.locator(`${scope} .ag-row`).first();

test.describe('french-ui', () => {
  test('every main screen in French shows no English interface text', async ({
    page,
    consoleApp,
  }, testInfo) => {
    const found: string[] = [];
    const check = async (screen: string) => {
      for (const line of await englishOnPage(page, english)) found.push(`${screen}: ${line}`);
      await testInfo.attach(`fr-${screen}`, { body: await page.screenshot(), contentType: 'image/png' });
    };

    await openConsole(page, consoleApp);
    const login = new LoginPage(page);
    await login.languageSelect.selectOption('fr');
    await expect(login.heading).toHaveText('Se connecter à un serveur WAPT');
    await check('login');

    // An error banner provoked on purpose: nothing listens on port 9 of this machine.
    await login.serverUrl.fill('http://127.0.0.1:9');
    await login.user.fill('admin');
    await login.password.fill('not-the-password');
    await login.connectButton.click();
    await expect(login.errorBanner).toHaveAttribute('data-error-code', /NETWORK|TIMEOUT/);
    await check('login-error');

    const hosts = await loginToDemo(page);
    await expect(page.getByRole('tab', { name: 'Machines', selected: true })).toBeVisible();
    await check('hosts');

    await hosts.cell(0, 'computer_fqdn').dblclick();
    await expect(hosts.details).toBeVisible();
    await expect(firstRow(page, '[data-testid="host-details"]')).toBeVisible();
    await check('host-details');

    const tabs: Array<[string, string, (p: Page) => Promise<void>]> = [
      ['2', 'Mises à jour Windows', (p) => expect(firstRow(p, '[role="tabpanel"]')).toBeVisible()],
      ['3', 'Paquets de règles WUA', (p) => expect(firstRow(p, '[role="tabpanel"]')).toBeVisible()],
      ['4', 'Générer l’agent', (p) => expect(p.getByTestId('agent-preview')).toBeVisible()],
      ['5', 'Audit', (p) => expect(firstRow(p, '[role="tabpanel"]')).toBeVisible()],
      ['6', 'Dépôt privé', (p) => expect(firstRow(p, '[role="tabpanel"]')).toBeVisible()],
    ];
    for (const [key, name, ready] of tabs) {
      await page.keyboard.press(`Control+${key}`);
      await expect(page.getByRole('tab', { name, selected: true })).toBeVisible();
      await ready(page);
      await check(name);
    }

    // The rule editor with its candidate-updates grid (catalogue loaded from the server).
    const rules = new WuaRulesPage(page);
    await page.keyboard.press('Control+3');
    await rules.gridRow('demo-waptwua-pilot').click();
    await rules.editButton.click();
    await expect(rules.editorName).toHaveText('demo-waptwua-pilot');
    await rules.loadUpdates.click();
    await expect(rules.candidates.locator('.ag-row').first()).toBeVisible();
    await check('rules-editor');

    expect(found, 'English interface text in the French console').toEqual([]);
  });
});

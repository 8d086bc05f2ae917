import type { Locator, Page } from '@playwright/test';
import { fr } from '../../../renderer/src/i18n/fr';
import { AgentWizardPage } from '../pages/agent-wizard-page';
import { CommandPalettePage } from '../pages/command-palette-page';
import { HostPackagesPage } from '../pages/host-packages-page';
import { KeysPage } from '../pages/keys-page';
import { LoginPage } from '../pages/login-page';
import { WindowsUpdatesPage } from '../pages/windows-updates-page';
import { WuaRulesPage } from '../pages/wua-rules-page';
import { loginToDemo } from '../support/demo';
import { englishOnPage, englishOnlyWords } from '../support/english-words';
import { expect, openConsole, test } from '../support/fixtures';
import { expectGridInDialog, expectGridShowsRows } from '../support/visible-to-person';
import { AGENTS_WAIT } from '../support/waits';

/**
 * The console in French shows no English interface text (issue 15 point 8): on each main screen
 * (host details and its Windows updates tab, an update's explanation, AG Grid's column filters,
 * the grids' context menus and the rule editor's review before signing included), every visible
 * text, title and aria-label is checked against the English words (test/e2e/support/english-words.ts:
 * English catalogue prose French prose never uses, and common English words) minus an allow-list
 * of proper nouns and codes (test/e2e/support/french-allow-list.txt). Fleet data (host names,
 * update titles) is skipped.
 * The second test opens every dialog that holds a grid (host-action progress, host picker,
 * download tasks), the key creation dialog, each agent wizard step and the palette, and checks as
 * a person would that each grid shows its rows inside its dialog (support/visible-to-person.ts).
 * Every wait is on application state (a heading, a selected tab, a drawn row), never on time.
 */

const english = englishOnlyWords();

/** Opens AG Grid's filter popup of a column (the header's filter button; community AG Grid has no column menu). */
async function openColumnFilter(grid: Locator, colId: string) {
  const header = grid.locator(`.ag-header-cell[col-id="${colId}"]`);
  await header.locator('.ag-header-cell-filter-button').click();
  await expect(grid.page().locator('.ag-popup-child .ag-filter')).toBeVisible();
}

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

    // The host's Windows updates, an update's explanation, and AG Grid's column filter.
    const rules = new WuaRulesPage(page);
    await hosts.detailsTab(new RegExp(`^${fr['details.tab.updates']}`)).click();
    await expect(hosts.hostUpdateRows.first()).toBeVisible();
    await check('host-windows-updates');
    await hosts.hostUpdateRows.first().locator('input[type="checkbox"]').first().check();
    await hosts.details.locator('button[data-action="explain"]').click();
    await expect(rules.explainSteps).toBeVisible();
    await check('explain');
    await page.keyboard.press('Escape');
    await expect(rules.explainDialog).toHaveCount(0);
    // A text and a date column: each filter with its list of operators open.
    for (const colId of ['title', 'changetime']) {
      await openColumnFilter(hosts.hostUpdatesGrid, colId);
      await page.locator('.ag-popup-child .ag-filter .ag-picker-field-wrapper').first().click();
      await expect(page.locator('.ag-select-list')).toBeVisible();
      await check(`column-filter-${colId}`);
      await page.keyboard.press('Escape');
      await expect(page.locator('.ag-select-list')).toHaveCount(0);
      await page.keyboard.press('Escape');
      await expect(page.locator('.ag-popup-child')).toHaveCount(0);
    }

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

    // Grid context menus: hosts, Windows updates, rule packages.
    const menus: Array<[string, string, (p: Page) => Locator]> = [
      ['1', 'hosts-menu', () => hosts.cell(0, 'computer_fqdn')],
      ['2', 'updates-menu', (p) => firstRow(p, '[role="tabpanel"]').locator('[col-id="title"]')],
      ['3', 'rules-menu', () => rules.gridRow('demo-waptwua-pilot')],
    ];
    for (const [key, menu, target] of menus) {
      await page.keyboard.press(`Control+${key}`);
      await target(page).click({ button: 'right' });
      await expect(page.getByTestId(menu)).toBeVisible();
      await check(menu);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId(menu)).toHaveCount(0);
    }

    // The rule editor with its candidate-updates grid (catalogue loaded from the server).
    await page.keyboard.press('Control+3');
    await rules.gridRow('demo-waptwua-pilot').click();
    await rules.editButton.click();
    await expect(rules.editorName).toHaveText('demo-waptwua-pilot');
    await rules.loadUpdates.click();
    await expect(rules.candidates.locator('.ag-row').first()).toBeVisible();
    await check('rules-editor');
    // The candidate updates are read by a person: 8 whole rows at least, at the size.
    await page.setViewportSize({ width: 1600, height: 1000 });
    await expectGridShowsRows(rules.candidates, 8);

    // The review before signing: the impact computed by the agents' merge code, and the diff.
    await rules.candidates.locator('.ag-row').first().locator('input[type="checkbox"]').first().check();
    await rules.forbidSelected.click();
    await rules.reviewSave.click();
    await expect(rules.impactSummary).toBeVisible({ timeout: AGENTS_WAIT });
    await expect(rules.diffList('forbidden_updates')).toBeVisible();
    const examples = page.getByTestId('impact-examples');
    await examples.locator('summary').click();
    await expect(examples.locator('li').first()).toBeVisible();
    await check('save-review');

    expect(found, 'English interface text in the French console').toEqual([]);
  });

  test('every dialog with a grid, in French: no English, and its grid shows its rows', async ({
    page,
    consoleApp,
  }, testInfo) => {
    test.slow();
    const found: string[] = [];
    const check = async (screen: string) => {
      for (const line of await englishOnPage(page, english)) found.push(`${screen}: ${line}`);
      await testInfo.attach(`fr-${screen}`, { body: await page.screenshot(), contentType: 'image/png' });
    };
    await page.setViewportSize({ width: 1600, height: 1000 });
    await openConsole(page, consoleApp);
    const login = new LoginPage(page);
    await login.languageSelect.selectOption('fr');
    await expect(login.heading).toHaveText(fr['login.title']);
    const hosts = await loginToDemo(page);
    await expect(page.getByRole('tab', { name: fr['shell.tabs.hosts'], selected: true })).toBeVisible();

    // Host action progress: a signed "check updates" on ten hosts (connected or not, so the dialog
    // shows finished and skipped states), followed to the end.
    const picked = 10;
    for (let i = 0; i < picked; i++) await hosts.rowCheckbox(i).check();
    await hosts.actionsMenu.click();
    await hosts.actionItem('update').click();
    await hosts.confirmDialog.getByRole('button', { name: fr['actions.launch'] }).click();
    await hosts.unlockDialog.getByRole('button', { name: fr['keys.unlock'] }).click();
    await expect(hosts.actionSummary).toContainText(`${picked}/${picked} `, { timeout: AGENTS_WAIT });
    const progress = await expectGridInDialog(
      hosts.progressDialog,
      hosts.progressDialog.getByTestId('action-rows'),
      8,
    );
    expect(progress.totalRows, 'one row per host').toBe(picked);
    await check('action-progress');
    await page.keyboard.press('Escape');
    await expect(hosts.progressDialog).toHaveCount(0);

    // Add / remove packages… on the same hosts: the host picker lists the server's hosts.
    const hp = new HostPackagesPage(page);
    await hosts.actionsMenu.click();
    await hosts.actionItem('assign').click();
    // The fleet has more than 8 hosts: judged once the picker holds them, not while it loads.
    const picker = await expectGridInDialog(hp.assignDialog, hp.pickerGrid, 8, { holding: 8 });
    expect(picker.totalRows, 'the picker lists the fleet').toBeGreaterThanOrEqual(8);
    await check('assign-packages');
    await page.keyboard.press('Escape');
    await expect(hp.assignDialog).toHaveCount(0);

    // Windows Updates: the download-task monitor, after asking the server for wsusscn2.cab.
    const wu = new WindowsUpdatesPage(page);
    await page.keyboard.press('Control+2');
    await expect(
      page.getByRole('tab', { name: fr['shell.tabs.windowsUpdates'], selected: true }),
    ).toBeVisible();
    await expect(wu.row(0)).toBeVisible();
    await page.getByRole('button', { name: fr['wu.cab.download'], exact: true }).click();
    await expect(wu.notice).toHaveText(fr['wu.notice.cabStarted']);
    await page.getByRole('button', { name: fr['wu.tasks.show'], exact: true }).click();
    await expect(wu.tasksGrid.locator('[role="row"][row-index]').first()).toBeVisible();
    const tasks = await expectGridInDialog(wu.tasksDialog, wu.tasksGrid, 8);
    expect(tasks.totalRows, 'the cab download is listed').toBeGreaterThanOrEqual(1);
    await check('download-tasks');
    await page.keyboard.press('Escape');
    await expect(wu.tasksDialog).toHaveCount(0);

    // The key creation dialog (no grid: its words only).
    const keys = new KeysPage(page);
    await keys.createButton.click();
    await expect(keys.createDialog).toBeVisible();
    await check('create-key');
    await page.keyboard.press('Escape');
    await expect(keys.createDialog).toHaveCount(0);

    // Every step of the agent wizard; the trusted certificates grid shows its rows.
    const agent = new AgentWizardPage(page);
    await page.keyboard.press('Control+4');
    for (const step of ['certificates', 'server', 'agent', 'wua', 'build'] as const) {
      await agent.step(step).click();
      await expect(agent.step(step)).toHaveAttribute('aria-pressed', 'true');
      if (step === 'certificates') {
        // The demo installation trusts no extra certificate yet: the grid holds no row, but its
        // body has room for 4 (expectGridShowsRows then checks the height only).
        const certs = page.getByTestId('agent-certs-grid');
        await expect(certs.locator('.ag-header')).toBeVisible();
        await expectGridShowsRows(certs, 4);
      }
      await check(`agent-${step}`);
    }

    // The command palette lists every tab's commands, in French.
    const palette = new CommandPalettePage(page);
    await palette.open();
    await expect(palette.option('hosts.action.update')).toBeVisible();
    await check('command-palette');
    await page.keyboard.press('Escape');

    expect(found, 'English interface text in the French console').toEqual([]);
  });
});

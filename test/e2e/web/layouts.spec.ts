import type { Locator, Page } from '@playwright/test';
import { AgentWizardPage } from '../pages/agent-wizard-page';
import { HostPackagesPage } from '../pages/host-packages-page';
import { type HostsPage } from '../pages/hosts-page';
import { WindowsUpdatesPage } from '../pages/windows-updates-page';
import { WuaRulesPage } from '../pages/wua-rules-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';
import { expectGridShowsRows, expectTextNotCut, visibleBox } from '../support/visible-to-person';

/**
 * Issue 15, "tests that look": every grid a person reads shows its rows (bounding boxes, not DOM
 * presence), status labels are whole, panels give their grids the height, the splitter moves by
 * keyboard and is remembered, and forms keep what was typed.
 */
const VIEWPORTS = [
  { width: 1600, height: 1000 },
  { width: 1280, height: 800 },
] as const;

/** Runs `check` at each viewport of the issue. */
async function atEachViewport(page: Page, check: () => Promise<void>): Promise<void> {
  for (const vp of VIEWPORTS) {
    await page.setViewportSize(vp);
    await check();
  }
}

/** The grid's visible height is at least `share` of the panel's visible height. */
async function expectFills(grid: Locator, panel: Locator, share = 0.6): Promise<void> {
  await expect
    .poll(async () => {
      const g = await visibleBox(grid);
      const p = await visibleBox(panel);
      return p.height > 0 ? g.height / p.height : 0;
    })
    .toBeGreaterThanOrEqual(share);
}

async function start(page: Page, consoleApp: Parameters<typeof openConsole>[1]): Promise<HostsPage> {
  await page.setViewportSize(VIEWPORTS[0]);
  await openConsole(page, consoleApp);
  return loginToDemo(page);
}

test.describe('layouts: grids a person can read', () => {
  test('host-action progress: 8 rows and whole status labels; the header badges are whole', async ({
    page,
    consoleApp,
  }) => {
    const hosts = await start(page, consoleApp);
    // Connected and disconnected hosts, so both "OK" and "Skipped (not connected)" appear.
    const fleet = await page.evaluate(async () => {
      const bridge = (
        window as unknown as {
          consoleBridge: {
            invoke(
              m: string,
              i: unknown,
            ): Promise<{ value: { rows: { computer_fqdn: string; reachable: string | null }[] } }>;
          };
        }
      ).consoleBridge;
      return (await bridge.invoke('hosts.page', { offset: 0, limit: 500 })).value.rows;
    });
    const online = fleet.filter((h) => h.reachable === 'OK').slice(0, 6);
    const offline = fleet.filter((h) => h.reachable !== 'OK').slice(0, 6);
    const picked = [...online, ...offline].map((h) => h.computer_fqdn.replaceAll('.', '\\.'));
    await hosts.scope.selectOption('host');
    await hosts.search.fill(`^(${picked.join('|')})$`);
    await expect(hosts.status).toContainText(`/ ${picked.length} hosts`);
    for (let i = 0; i < picked.length; i++) await hosts.rowCheckbox(i).check();
    await hosts.actionsMenu.click();
    await hosts.actionItem('waptwua_scan').click();
    await hosts.confirmDialog.getByRole('button', { name: 'Launch' }).click();
    await hosts.unlockDialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(hosts.actionSummary).toContainText(`${picked.length}/${picked.length} done`, {
      timeout: 30_000,
    });
    const grid = hosts.progressDialog.getByTestId('action-rows');
    await atEachViewport(page, async () => {
      await expectGridShowsRows(grid, 8);
      await expectTextNotCut(grid.locator('.ag-row [col-id="state"]', { hasText: 'Skipped' }).first());
      // "HTTP nor…": every header badge shows whole, at both widths.
      for (const badge of await page.getByTestId('session-info').locator('.badge').all())
        await expectTextNotCut(badge);
    });
  });

  test('download-task monitor shows 8 rows; the catalogue and the cab history share the page', async ({
    page,
    consoleApp,
  }) => {
    await start(page, consoleApp);
    const wu = new WindowsUpdatesPage(page);
    await wu.tab.click();
    await expect(wu.row(0)).toBeVisible();
    // The catalogue and the cab history share the page through a splitter (60 / 40 by default):
    // 6 catalogue rows and 3 history rows at least, at both sizes; the splitter gives more.
    await expect(page.getByRole('separator', { name: /wsusscn2\.cab history/ })).toBeVisible();
    await atEachViewport(page, async () => {
      await expectGridShowsRows(wu.grid, 6);
      await expectGridShowsRows(wu.cabHistoryGrid, 3);
    });
    await page.setViewportSize(VIEWPORTS[0]);
    await wu.showTasks.click();
    await expect(wu.tasksDialog).toBeVisible();
    await atEachViewport(page, async () => {
      await expectGridShowsRows(wu.tasksGrid, 8);
    });
  });

  test('host picker and groups dialogs: 8 rows', async ({ page, consoleApp }) => {
    await start(page, consoleApp);
    const rules = new WuaRulesPage(page);
    const hp = new HostPackagesPage(page);
    await rules.tab.click();
    await rules.grid.locator('.ag-row').first().click({ button: 'right' });
    await page.getByTestId('rules-menu').getByRole('menuitem', { name: 'Assign to hosts…' }).click();
    await expect(hp.assignDialog).toBeVisible();
    await atEachViewport(page, async () => {
      await expectGridShowsRows(hp.pickerGrid, 8, { holding: 8 });
    });
    await page.keyboard.press('Escape');
    await expect(hp.assignDialog).toBeHidden();
    await page.setViewportSize(VIEWPORTS[0]);
    await page.getByTestId('open-groups').click();
    await expect(hp.groupsDialog).toBeVisible();
    await atEachViewport(page, async () => {
      await expectGridShowsRows(hp.groupsGrid, 8);
    });
  });

  test('status labels are whole in French too (longer than the English ones)', async ({
    page,
    consoleApp,
  }) => {
    const hosts = await start(page, consoleApp);
    await page.locator('select[name="language"]').selectOption('fr');
    await expect(page.getByRole('tab', { name: 'Machines' })).toBeVisible();
    await atEachViewport(page, async () => {
      for (const [col, code] of [
        ['wua_status', 'PENDING_UPDATES'],
        ['host_status', 'TO-UPGRADE'],
      ] as const) {
        const cell = hosts.grid
          .locator(`.ag-row [col-id="${col}"]:has([data-status-code="${code}"])`)
          .first();
        await expectTextNotCut(cell);
        // A translated label, not the raw code (which stays in the tooltip).
        await expect(cell).not.toHaveText(code);
      }
    });
    await page.locator('select[name="language"]').selectOption('en');
  });

  test('host details fill their panel; the splitter moves by keyboard and is remembered', async ({
    page,
    consoleApp,
  }) => {
    const hosts = await start(page, consoleApp);
    // Status cells of the hosts grid are whole ("TO-UPGRA…", "PENDING_UPDAT…").
    // (Codes or their translated labels: "PENDING_UPDATES" / "Pending updates".)
    await expectTextNotCut(
      hosts.grid.locator('.ag-row [col-id="wua_status"]', { hasText: /pending/i }).first(),
    );
    await expectTextNotCut(
      hosts.grid.locator('.ag-row [col-id="host_status"]', { hasText: /to.upgrade/i }).first(),
    );
    await hosts.cell(0, 'computer_fqdn').dblclick();
    await expect(hosts.details).toBeVisible();
    const panel = hosts.details.getByRole('tabpanel');
    await atEachViewport(page, async () => {
      await expectFills(hosts.packagesGrid, panel);
      await expectGridShowsRows(hosts.packagesGrid, 4);
    });
    await hosts.detailsTab(/^Windows updates/).click();
    await atEachViewport(page, async () => {
      await expectFills(hosts.hostUpdatesGrid, panel, 0.5);
      // The demo's first host has more updates than that: a person reads several at once.
      await expectGridShowsRows(hosts.hostUpdatesGrid, 4, { holding: 5 });
    });

    const separator = page.getByRole('separator', { name: 'Resize the hosts grid and the host details' });
    await expect(separator).toHaveAttribute('aria-valuenow', '30');
    const before = (await visibleBox(hosts.details)).height;
    await separator.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect(separator).toHaveAttribute('aria-valuenow', '20');
    await expect.poll(async () => (await visibleBox(hosts.details)).height).toBeGreaterThan(before + 40);
    await page.keyboard.press('Home');
    await expect(separator).toHaveAttribute('aria-valuenow', '15');
    await page.keyboard.press('ArrowDown');
    await expect(separator).toHaveAttribute('aria-valuenow', '20');
    // Remembered in the settings: after a reload the separator comes back where it was left.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const bridge = (
            window as unknown as {
              consoleBridge: {
                invoke(m: string, i: unknown): Promise<{ value: { splitters: Record<string, number> } }>;
              };
            }
          ).consoleBridge;
          return (await bridge.invoke('settings.get', {})).value.splitters['hosts.details'];
        }),
      )
      .toBe(20);
    await page.reload();
    await expect(hosts.row(0)).toBeVisible({ timeout: 60_000 });
    // The grid may still be settling its saved layout after the reload: open the details again
    // until they show (state, not timing).
    await expect(async () => {
      await hosts.cell(0, 'computer_fqdn').dblclick();
      await expect(hosts.details).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(separator).toHaveAttribute('aria-valuenow', '20');
  });

  test('audit grids fill their panel', async ({ page, consoleApp }) => {
    await start(page, consoleApp);
    await page.getByRole('tab', { name: 'Audit' }).click();
    const grid = page.getByTestId('audit-updates-grid');
    await expect(grid.locator('.ag-row').first()).toBeVisible({ timeout: 60_000 });
    const panel = page.getByTestId('audit-split').locator('.splitter__pane').last();
    await atEachViewport(page, async () => {
      await expectFills(grid, panel);
      await expectGridShowsRows(grid, 4);
    });
    // The hosts view of the audit (server-paged per-host grid) gets the same room.
    await page.getByRole('tab', { name: /^Per host \(/ }).click();
    const hostsGrid = page.getByTestId('audit-hosts-grid');
    await atEachViewport(page, async () => {
      await expectFills(hostsGrid, panel);
      await expectGridShowsRows(hostsGrid, 4, { holding: 4 });
    });
    // The separator gives the grids more room from the keyboard.
    const separator = page.getByRole('separator', { name: 'Resize the charts and the audit grids' });
    await expect(separator).toHaveAttribute('aria-valuenow', '40');
    const before = (await visibleBox(hostsGrid)).height;
    await separator.focus();
    await page.keyboard.press('PageUp');
    await expect(separator).toHaveAttribute('aria-valuenow', '20');
    await expect.poll(async () => (await visibleBox(hostsGrid)).height).toBeGreaterThan(before + 80);
    await expectGridShowsRows(hostsGrid, 8, { holding: 8 });
  });
});

/** The console on the agent wizard's server step. */
async function openWizardServerStep(
  page: Page,
  consoleApp: Parameters<typeof openConsole>[1],
): Promise<AgentWizardPage> {
  await start(page, consoleApp);
  const wizard = new AgentWizardPage(page);
  await page.keyboard.press('Control+4');
  await wizard.step('server').click();
  return wizard;
}

/** The console on the agent wizard's server step, its server URL typed and not saved. */
async function typeInTheWizard(
  page: Page,
  consoleApp: Parameters<typeof openConsole>[1],
): Promise<AgentWizardPage> {
  const wizard = await openWizardServerStep(page, consoleApp);
  await wizard.serverUrl.fill('https://typed.example.test');
  return wizard;
}

test.describe('forms keep what was typed', () => {
  test('the agent wizard keeps its fields across Ctrl+1 / Ctrl+4 and a language switch', async ({
    page,
    consoleApp,
  }) => {
    await start(page, consoleApp);
    const wizard = new AgentWizardPage(page);
    await page.keyboard.press('Control+4');
    await expect(wizard.root).toBeVisible();
    await expect(wizard.certificatesGrid).toBeVisible();
    await wizard.step('server').click();
    await wizard.repoUrl.fill('https://wapt.example.test/wapt');
    await wizard.serverUrl.fill('https://wapt.example.test');

    await page.keyboard.press('Control+1');
    await expect(wizard.root).toBeHidden();
    await page.keyboard.press('Control+4');
    // Same step, same values.
    await expect(wizard.serverUrl).toHaveValue('https://wapt.example.test');
    await expect(wizard.repoUrl).toHaveValue('https://wapt.example.test/wapt');

    await page.locator('select[name="language"]').selectOption('fr');
    await expect(page.getByRole('tab', { name: 'Générer l’agent' })).toBeVisible();
    await expect(wizard.serverUrl).toHaveValue('https://wapt.example.test');
    await page.locator('select[name="theme"]').selectOption('dark');
    await expect(wizard.repoUrl).toHaveValue('https://wapt.example.test/wapt');
    await page.locator('select[name="language"]').selectOption('en');
  });

  test('Disconnect with unsaved wizard changes asks first; Enter and Cancel stay and keep the input', async ({
    page,
    consoleApp,
  }) => {
    const wizard = await typeInTheWizard(page, consoleApp);

    const disconnect = page.getByRole('button', { name: 'Disconnect' });
    const prompt = page.getByTestId('unsaved-dialog');
    await disconnect.click();
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText('The agent wizard has changes that are not saved');
    // Stay is the default: Enter keeps the form.
    await expect(prompt.getByRole('button', { name: 'Stay' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(prompt).toBeHidden();
    await expect(wizard.serverUrl).toHaveValue('https://typed.example.test');
    // Escape (Cancel) too.
    await disconnect.click();
    await expect(prompt).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(prompt).toBeHidden();
    await expect(wizard.serverUrl).toHaveValue('https://typed.example.test');
    // Leaving drops the draft with the session.
    await disconnect.click();
    await prompt.getByRole('button', { name: 'Leave and lose the changes' }).click();
    await expect(page.getByRole('button', { name: 'Use the local demo server' })).toBeVisible();
  });

  test('Ctrl+Q with unsaved wizard changes asks first; Enter and Escape stay and keep the input; Quit stops the console', async ({
    page,
    consoleApp,
  }) => {
    const wizard = await typeInTheWizard(page, consoleApp);

    const prompt = page.getByTestId('unsaved-dialog');
    await page.keyboard.press('Control+q');
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText(
      'The agent wizard has changes that are not saved. Quit and lose them?',
    );
    await expect(prompt.getByRole('button', { name: 'Stay' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(prompt).toBeHidden();
    await expect(wizard.serverUrl).toHaveValue('https://typed.example.test');
    await page.keyboard.press('Control+q');
    await expect(prompt).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(prompt).toBeHidden();
    await expect(wizard.serverUrl).toHaveValue('https://typed.example.test');
    // Staying did not quit: the console process still answers, still connected.
    const status = await page.evaluate(() =>
      (
        window as unknown as {
          consoleBridge: { invoke(m: string, i: unknown): Promise<{ value: { connected: boolean } }> };
        }
      ).consoleBridge.invoke('session.status', {}),
    );
    expect(status.value.connected).toBe(true);

    // Quitting in browser mode stops the local console process (app.quit).
    await page.keyboard.press('Control+q');
    await prompt.getByRole('button', { name: 'Quit and lose the changes' }).click();
    expect(await consoleApp.exited).toBe(0);
  });

  test("closing the page with unsaved changes gets the browser's own prompt, and none once nothing is unsaved", async ({
    page,
    consoleApp,
  }) => {
    const wizard = await openWizardServerStep(page, consoleApp);
    const loaded = await wizard.serverUrl.inputValue();
    await wizard.serverUrl.fill('https://typed.example.test');
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      // Cancel: the page stays.
      void d.dismiss();
    });

    await page.close({ runBeforeUnload: true });
    await expect.poll(() => dialogs).toEqual(['beforeunload']);
    await expect(wizard.serverUrl).toHaveValue('https://typed.example.test');
    expect(page.isClosed()).toBe(false);

    // Back to what was loaded: nothing unsaved, the page closes without a prompt.
    await wizard.serverUrl.fill(loaded);
    const closed = page.waitForEvent('close');
    await page.close({ runBeforeUnload: true });
    await closed;
    expect(dialogs).toEqual(['beforeunload']);
  });
});

import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';
import { AGENTS_WAIT, settledColumn } from '../support/waits';

test.describe('host-actions', () => {
  test('a signed scan reaches the server, the per-host dialog shows OK and SKIPPED, and host states change', async ({
    page,
    consoleApp,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    // Read-only until a key is unlocked.
    await expect(hosts.keyBadge).toHaveAttribute('data-unlocked', 'false');

    // Pick one connected and one disconnected host through the console's own API, then narrow the grid to them.
    const fleet = await page.evaluate(async () => {
      const bridge = (
        window as unknown as {
          consoleBridge: {
            invoke(
              m: string,
              i: unknown,
            ): Promise<{
              ok: boolean;
              value: { rows: { computer_fqdn: string; reachable: string | null }[] };
            }>;
          };
        }
      ).consoleBridge;
      return (await bridge.invoke('hosts.page', { offset: 0, limit: 500 })).value.rows;
    });
    const online = fleet.find((h) => h.reachable === 'OK')!.computer_fqdn;
    const offline = fleet.find((h) => h.reachable !== 'OK')!.computer_fqdn;
    await hosts.scope.selectOption('host');
    await hosts.search.fill(`^(${online}|${offline})$`.replaceAll('.', '\\.'));
    await expect(hosts.status).toContainText('/ 2 hosts');
    // Tick rows only once the grid has drawn the two hosts (not the unfiltered rows it showed before).
    await expect(hosts.rows).toHaveCount(2);
    await settledColumn(hosts.grid, 'computer_fqdn', (f) => f === online || f === offline);
    await hosts.rowCheckbox(0).check();
    await hosts.rowCheckbox(1).check();
    await expect(hosts.status).toContainText('2 selected');

    await hosts.actionsMenu.click();
    await hosts.actionItem('waptwua_scan').click();
    await expect(hosts.confirmDialog).toContainText('scan Windows updates on 2 hosts');
    await hosts.confirmDialog.getByRole('button', { name: 'Launch' }).click();

    // The key is locked: the unlock dialog comes first (the demo key has no password).
    await expect(hosts.unlockDialog).toBeVisible();
    await hosts.unlockDialog.getByRole('button', { name: 'Unlock' }).click();

    await expect(hosts.progressDialog).toBeVisible();
    await expect(hosts.progressRowState(online)).toHaveText('OK', { timeout: AGENTS_WAIT });
    await expect(hosts.progressRowState(offline)).toHaveText('Skipped (not connected)');
    await expect(hosts.actionSummary).toContainText('2/2 done · 1 OK · 0 errors · 1 skipped');
    await testInfo.attach('host-actions', { body: await page.screenshot(), contentType: 'image/png' });
    await hosts.progressDialog.getByRole('button', { name: 'Close' }).click();
    await expect(hosts.keyBadge).toHaveAttribute('data-unlocked', 'true');

    // The scanned host's last scan date moved to now (server time).
    await hosts.search.fill(`^${online.replaceAll('.', '\\.')}$`);
    await expect(hosts.status).toContainText('/ 1 host');
    await expect(hosts.rows).toHaveCount(1);
    await expect(hosts.cell(0, 'computer_fqdn')).toHaveText(online);
    await hosts.cell(0, 'computer_fqdn').dblclick();
    // Host details open on Packages; the WUA panel is in the Windows updates tab.
    await hosts.detailsTab(/^Windows updates/).click();
    const today = new Date().toISOString().slice(0, 10).split('-').reverse().join('/');
    await expect(hosts.wuaPanel.locator('div', { hasText: 'Last scan date' }).locator('dd')).toContainText(
      today,
    );
    // The agent's task list, in the Tasks tab of the details.
    await page.getByRole('tab', { name: 'Tasks' }).click();
    await expect(
      page.getByTestId('host-tasks-grid').locator('.ag-row').first().locator('[col-id="state"]'),
    ).toHaveText('Done');
  });
});

import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';
import { AGENTS_WAIT } from '../support/waits';

test.describe('host-actions-queue', () => {
  test('a host skipped as not connected is queued from the dialog, listed in Queued actions, and cancelled', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    const offline = await page.evaluate(async () => {
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
      const rows = (await bridge.invoke('hosts.page', { offset: 0, limit: 500 })).value.rows;
      return rows.find((h) => h.reachable !== 'OK')!.computer_fqdn;
    });
    await hosts.scope.selectOption('host');
    await hosts.search.fill(`^${offline.replaceAll('.', '\\.')}$`);
    await expect(hosts.status).toContainText('/ 1 host');
    // Tick the row only once the grid has drawn that host (not the unfiltered rows shown before).
    await expect(hosts.rows).toHaveCount(1);
    await expect(hosts.cell(0, 'computer_fqdn')).toHaveText(offline);
    await hosts.rowCheckbox(0).check();

    await hosts.actionsMenu.click();
    await hosts.actionItem('update').click();
    await hosts.confirmDialog.getByRole('button', { name: 'Launch' }).click();
    await hosts.unlockDialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(hosts.progressRowState(offline)).toHaveText('Skipped (not connected)', {
      timeout: AGENTS_WAIT,
    });

    const offer = page.getByTestId('action-queue-skipped');
    await offer.locator('select[name="queueExpiryHours"]').selectOption('48');
    await offer.getByRole('button', { name: 'Queue skipped hosts' }).click();
    await expect(offer).toContainText('1 host queued');
    await hosts.progressDialog.getByRole('button', { name: 'Close' }).click();

    await hosts.actionsMenu.click();
    await hosts.actionItem('queued').click();
    const queue = page.getByTestId('queued-actions-dialog');
    const row = queue.locator('tbody tr', { hasText: offline });
    await expect(row).toContainText('Waiting for the host');
    await row.getByRole('checkbox').check();
    await queue.getByRole('button', { name: 'Cancel selected' }).click();
    await expect(row).toContainText('Cancelled');
    await expect(row.getByRole('checkbox')).toBeDisabled();
  });
});

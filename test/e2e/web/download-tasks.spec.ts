import { WindowsUpdatesPage } from '../pages/windows-updates-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';
import { AGENTS_WAIT } from '../support/waits';

test.describe('download-tasks', () => {
  test('the live dialog shows the wsusscn2.cab download task reaching a final state; the cab history records it and Ctrl+Del deletes it', async ({
    page,
    consoleApp,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const wu = new WindowsUpdatesPage(page);
    await wu.tab.click();
    await expect(wu.row(0)).toBeVisible();
    await expect(wu.downloadCab).toBeDisabled(); // read-only until a key is unlocked
    await expect(wu.health).toContainText('No wsusscn2.cab downloaded yet');

    await wu.unlockButton.click();
    await wu.unlockDialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(wu.downloadCab).toBeEnabled();
    await wu.downloadCab.click();
    await expect(wu.notice).toHaveText('wsusscn2.cab download started on the server');

    await wu.showTasks.click();
    await expect(wu.tasksDialog).toBeVisible();
    const cabRow = wu.tasksGrid.locator('[role="row"][row-index]', {
      has: page.locator('[col-id="kind"]', { hasText: 'wsusscn2' }),
    });
    await expect(cabRow).toHaveCount(1);
    await expect(cabRow.locator('[col-id="url"]')).toContainText('wsusscn2.cab');
    // Live: the dialog polls while the task runs, and the task ends DONE (or ERROR: the server simulates 3 % failures).
    // The status cell shows a translated label; the server's code is in data-status-code.
    const cabStatus = cabRow.locator('[col-id="status"] [data-status-code]');
    await expect(cabStatus).toHaveAttribute('data-status-code', /^(DONE|ERROR)$/, { timeout: AGENTS_WAIT });
    await expect(cabRow.locator('[col-id="finished_on"]')).not.toHaveText('');
    await expect(wu.tasksProgress).toHaveText('No download running');
    const final = await cabStatus.getAttribute('data-status-code');
    if (final === 'DONE') {
      await expect(cabRow.locator('[col-id="progress"]')).toContainText('100%');
      await expect(cabRow.locator('[col-id="file_size"]')).toHaveText(/GB$/);
    }
    await testInfo.attach('download-tasks', { body: await page.screenshot(), contentType: 'image/png' });
    await page.keyboard.press('Escape');
    await expect(wu.tasksDialog).toHaveCount(0);

    // The sync history has the run; once done, the health strip shows the catalog date.
    const historyRow = wu.cabHistoryGrid.locator('[role="row"][row-index="0"]');
    // The status cell shows a translated label and keeps the server's code (grids/status-labels.ts).
    await expect(historyRow.locator('[col-id="status"] [data-status-code]')).toHaveAttribute(
      'data-status-code',
      final === 'DONE' ? 'OK' : 'ERROR',
    );
    if (final === 'DONE') await expect(wu.health).toContainText('Catalog (wsusscn2.cab) of');

    // Ctrl+Del on the history grid asks, then deletes the row.
    await historyRow.locator('[col-id="status"]').click();
    await page.keyboard.press('Control+Delete');
    await expect(wu.confirmDialog).toContainText('Delete 1 wsusscn2.cab history row?');
    await wu.confirmDialog.getByRole('button', { name: 'Delete' }).click();
    await expect(wu.cabHistoryGrid.locator('[role="row"][row-index]')).toHaveCount(0);
  });
});

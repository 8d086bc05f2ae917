import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConsole } from '../support/browser-mode';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';
import { SERVER_START_WAIT, savedHiddenColumns, settledColumn } from '../support/waits';
import { HostsPage } from '../pages/hosts-page';

const LT = /-lt-000[0-9][0-9]\./;

test.describe('hosts', () => {
  test('search by regular expression, Not, and connected-only filter the server-paged grid', async ({
    page,
    consoleApp,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    await expect(hosts.status).toContainText('/ 200 hosts');

    await hosts.search.fill(LT.source);
    await expect(hosts.status).not.toContainText('/ 200 hosts');
    const matching = Number(/\/ (\d+) hosts/.exec((await hosts.status.textContent()) ?? '')![1]);
    expect(matching).toBeGreaterThan(0);
    // The count and the rows arrive together, but the grid draws its rows a little later.
    await settledColumn(hosts.grid, 'computer_fqdn', (f) => LT.test(f));

    // Not: the complement of the same search.
    await hosts.notBox.check();
    await expect(hosts.status).toContainText(`/ ${200 - matching} hosts`);
    await settledColumn(hosts.grid, 'computer_fqdn', (f) => f !== '' && !LT.test(f));
    await hosts.notBox.uncheck();
    await hosts.search.fill('');
    await expect(hosts.status).toContainText('/ 200 hosts');

    await hosts.connectedOnly.check();
    await expect(hosts.status).not.toContainText('/ 200 hosts');
    await settledColumn(hosts.grid, 'reachable', (r) => r === 'OK');

    // An invalid regular expression is flagged where it is typed, not sent to the server.
    await hosts.search.fill('([');
    await expect(hosts.search).toHaveAttribute('aria-invalid', 'true');
    await testInfo.attach('hosts-search', { body: await page.screenshot(), contentType: 'image/png' });
  });

  test('column chooser and layout survive a restart of the console; restore default brings them back', async ({
    page,
  }) => {
    // Two console processes and two demo-server starts: the configured timeout, tripled.
    test.slow();
    // Same user-data directory across two console processes.
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'wapt-console-e2e-layout-'));
    const first = await startConsole({ userDataDir, env: { WAPT_CONSOLE_DEMO_SPEED: '400' } });
    try {
      await openConsole(page, first);
      const hosts = await loginToDemo(page);
      await expect(hosts.header('description')).toBeVisible();
      await hosts.columnsButton.click();
      await hosts.columnToggle('description').uncheck();
      await hosts.columnToggle('serialnr').check();
      await page.keyboard.press('Escape');
      await expect(hosts.header('description')).toHaveCount(0);
      // Layout saving is debounced, and each change may be saved on its own: wait until the console
      // reads back the whole layout (both changes) before stopping it.
      await expect
        .poll(async () => {
          const hidden = await savedHiddenColumns(page, 'hosts');
          return (
            hidden && { description: hidden.includes('description'), serialnr: hidden.includes('serialnr') }
          );
        })
        .toEqual({ description: true, serialnr: false });
    } finally {
      await first.stop();
    }
    const second = await startConsole({ userDataDir, env: { WAPT_CONSOLE_DEMO_SPEED: '400' } });
    try {
      await openConsole(page, second);
      const hosts = await loginToDemo(page);
      await expect(hosts.header('description')).toHaveCount(0);
      // Off-screen columns are not in the DOM (column virtualisation): read visibility from the chooser.
      await hosts.columnsButton.click();
      await expect(hosts.columnToggle('serialnr')).toBeChecked();
      await expect(hosts.columnToggle('description')).not.toBeChecked();
      await page.keyboard.press('Escape');
      await hosts.restoreLayout.click();
      await expect(hosts.header('description')).toBeVisible();
      await hosts.columnsButton.click();
      await expect(hosts.columnToggle('serialnr')).not.toBeChecked();
    } finally {
      await second.stop();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  test('a column change made just before the page is left is saved (the pending layout save is flushed)', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    await expect(hosts.header('description')).toBeVisible();
    await hosts.columnsButton.click();
    await hosts.columnToggle('description').uncheck();
    await expect(hosts.header('description')).toHaveCount(0);
    // Leave at once, inside the save's debounce: the page's pagehide must send the layout, and the
    // request must outlive the page.
    await page.goto('about:blank');
    await openConsole(page, consoleApp);
    await expect.poll(() => savedHiddenColumns(page, 'hosts')).toContain('description');
    // The console process kept its session: the page opens on the hosts grid, with that layout.
    const again = new HostsPage(page);
    await expect(again.header('computer_fqdn')).toBeVisible({ timeout: SERVER_START_WAIT });
    await expect(again.header('description')).toHaveCount(0);
  });

  test('sorting by a column asks the server for that order', async ({ page, consoleApp }) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    await hosts.header('computer_fqdn').locator('.ag-header-cell-label').click();
    await expect(
      hosts.grid.locator('.ag-header-cell[col-id="computer_fqdn"][aria-sort="ascending"]'),
    ).toHaveCount(1);
    // The server sorts: the first rows come back in ascending name order (bdx-… first).
    await expect(hosts.cell(0, 'computer_fqdn')).toHaveText(/^bdx-/);
    const firstTen = () =>
      hosts.rows.evaluateAll((rows) =>
        rows
          .map((r) => ({
            i: Number(r.getAttribute('row-index')),
            f: r.querySelector('[col-id="computer_fqdn"]')?.textContent ?? '',
          }))
          .sort((a, b) => a.i - b.i)
          .slice(0, 10)
          .map((x) => x.f),
      );
    // Wait until the grid has drawn the sorted block (rows still loading have no name yet).
    await expect
      .poll(async () => {
        const names = await firstTen();
        if (names.length < 10 || names.includes('')) return 'loading';
        return names.join() === [...names].sort().join() ? 'ascending' : names.join(' ');
      })
      .toBe('ascending');
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConsole } from '../support/browser-mode';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

test.describe('hosts', () => {
  test('search by regular expression, Not, and connected-only filter the server-paged grid', async ({
    page,
    consoleApp,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    await expect(hosts.status).toContainText('/ 200 hosts');

    await hosts.search.fill('-lt-000[0-9][0-9]\\.');
    await expect(hosts.status).not.toContainText('/ 200 hosts');
    const matching = Number(/\/ (\d+) hosts/.exec((await hosts.status.textContent()) ?? '')![1]);
    expect(matching).toBeGreaterThan(0);
    const fqdns = await hosts.columnTexts('computer_fqdn');
    expect(fqdns.length).toBeGreaterThan(0);
    for (const f of fqdns) expect(f).toMatch(/-lt-000[0-9][0-9]\./);

    // Not: the complement of the same search.
    await hosts.notBox.check();
    await expect(hosts.status).toContainText(`/ ${200 - matching} hosts`);
    for (const f of await hosts.columnTexts('computer_fqdn')) expect(f).not.toMatch(/-lt-000[0-9][0-9]\./);
    await hosts.notBox.uncheck();
    await hosts.search.fill('');
    await expect(hosts.status).toContainText('/ 200 hosts');

    await hosts.connectedOnly.check();
    await expect(hosts.status).not.toContainText('/ 200 hosts');
    const reach = await hosts.columnTexts('reachable');
    for (const r of reach) expect(r).toBe('OK');

    // An invalid regular expression is flagged where it is typed, not sent to the server.
    await hosts.search.fill('([');
    await expect(hosts.search).toHaveAttribute('aria-invalid', 'true');
    await testInfo.attach('hosts-search', { body: await page.screenshot(), contentType: 'image/png' });
  });

  test('column chooser and layout survive a restart of the console; restore default brings them back', async ({
    page,
  }) => {
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
      // Layout saving is debounced; wait until the settings file has it.
      await expect
        .poll(() => readFileSync(path.join(userDataDir, 'settings.json'), 'utf8'))
        .toContain('"hiddenColumns"');
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

  test('sorting by a column asks the server for that order', async ({ page, consoleApp }) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    await hosts.header('computer_fqdn').locator('.ag-header-cell-label').click();
    await expect(
      hosts.grid.locator('.ag-header-cell[col-id="computer_fqdn"][aria-sort="ascending"]'),
    ).toHaveCount(1);
    // The server sorts: the first rows come back in ascending name order (bdx-… first).
    await expect(hosts.cell(0, 'computer_fqdn')).toHaveText(/^bdx-/);
    const firstTen = await hosts.rows.evaluateAll((rows) =>
      rows
        .map((r) => ({
          i: Number(r.getAttribute('row-index')),
          f: r.querySelector('[col-id="computer_fqdn"]')?.textContent ?? '',
        }))
        .sort((a, b) => a.i - b.i)
        .slice(0, 10)
        .map((x) => x.f),
    );
    expect(firstTen).toEqual([...firstTen].sort());
  });
});

import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

test.describe('host-details', () => {
  test('double-click opens the WUA status panel, the per-host updates with status filters, and the history', async ({
    page,
    consoleApp,
    cspViolations,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    const fqdn = (await hosts.cell(0, 'computer_fqdn').textContent())!;
    await hosts.cell(0, 'computer_fqdn').dblclick();
    await expect(hosts.details).toContainText(`Host ${fqdn}`);
    await expect(hosts.wuaPanel).toContainText('WUA status');
    await expect(hosts.wuaPanel).toContainText('Windows Update agent version');
    await expect(hosts.hostUpdateRows.first()).toBeVisible();

    const all = await hosts.hostUpdateRows.count();
    expect(all).toBeGreaterThan(0);
    for (const [filter, states] of [
      ['installed', ['OK']],
      ['pending', ['PENDING']],
      ['discarded', ['DISCARDED']],
      ['missing', ['MISSING']],
    ] as const) {
      await hosts.updateFilter(filter).check();
      // The grid re-renders after the filter: poll until only the expected states remain.
      await expect
        .poll(async () =>
          (await hosts.hostUpdateTexts('status')).every((s) => (states as readonly string[]).includes(s)),
        )
        .toBe(true);
    }
    await hosts.updateFilter('critical').check();
    await expect
      .poll(async () => (await hosts.hostUpdateTexts('severity')).every((s) => s === 'Critical'))
      .toBe(true);
    await hosts.updateFilter('all').check();
    await expect.poll(() => hosts.hostUpdateRows.count()).toBeGreaterThan(0);
    await testInfo.attach('host-details', { body: await page.screenshot(), contentType: 'image/png' });

    await page.getByRole('tab', { name: /Update history/ }).click();
    await expect(page.getByTestId('host-history-grid')).toBeVisible();
    expect(cspViolations).toEqual([]);
  });
});

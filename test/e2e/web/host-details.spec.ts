import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';
import {
  E2E_SERVER_PROFILES,
  loginToServer,
  startProfileServer,
  visibleRowCount,
  type TestServer,
} from '../support/server-profiles';

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
    // Packages first (every edition); the WUA panel is in the Windows updates tab (Enterprise).
    await expect(hosts.detailsTab('Packages')).toHaveAttribute('aria-selected', 'true');
    await hosts.detailsTab(/^Windows updates/).click();
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

/*
 * Host details for every edition (docs/host-inventory.md), against each server profile: the
 * reference server (Enterprise, with WUA) and the strict `wapt-1.8.2` profile (community, no WUA).
 */
for (const profile of E2E_SERVER_PROFILES) {
  test.describe(`host-details, server profile ${profile}`, () => {
    let server: TestServer;
    test.beforeAll(async () => {
      server = await startProfileServer(profile, 40);
    });
    test.afterAll(async () => server?.stop());

    test('packages with their status and filters, software with "hide system components", hardware tree search', async ({
      page,
      consoleApp,
    }, testInfo) => {
      await openConsole(page, consoleApp);
      const hosts = await loginToServer(page, server.url);
      const fqdn = (await hosts.cell(0, 'computer_fqdn').textContent())!;
      await hosts.cell(0, 'computer_fqdn').dblclick();
      await expect(hosts.details).toContainText(`Host ${fqdn}`);

      // Packages: rows visibly shown, each with a WAPT package status.
      await expect(hosts.packagesCount).toBeVisible();
      await expect.poll(() => visibleRowCount(hosts.packagesGrid)).toBeGreaterThan(0);
      const total = Number(/of (\d+)/.exec((await hosts.packagesCount.textContent())!)![1]);
      expect(total).toBeGreaterThan(0);
      for (const s of await hosts.packageTexts('status'))
        expect(['OK', 'NEED-UPGRADE', 'NEED-INSTALL', 'NEED-REMOVE', 'ERROR']).toContain(s);
      for (const [filter, accepted] of [
        ['upgrade', ['NEED-UPGRADE']],
        ['errors', ['ERROR']],
      ] as const) {
        await hosts.packageFilter(filter).check();
        await expect(hosts.packagesCount).not.toHaveText(`${total} shown of ${total}`);
        await expect
          .poll(async () =>
            (await hosts.packageTexts('status')).every((s) => (accepted as readonly string[]).includes(s)),
          )
          .toBe(true);
      }
      await hosts.packageFilter('all').check();
      await expect(hosts.packagesCount).toHaveText(`${total} shown of ${total}`);
      await testInfo.attach(`host-packages-${profile}`, {
        body: await page.screenshot(),
        contentType: 'image/png',
      });

      // Software: system components hidden by default, shown on demand.
      await hosts.detailsTab('Software inventory').click();
      await expect(hosts.hideSystemComponents).toBeChecked();
      await expect.poll(() => visibleRowCount(hosts.softwareGrid)).toBeGreaterThan(0);
      const hidden = /^(\d+) shown of (\d+)$/.exec((await hosts.softwareCount.textContent())!)!;
      expect(Number(hidden[1])).toBeLessThan(Number(hidden[2]));
      await hosts.hideSystemComponents.uncheck();
      await expect(hosts.softwareCount).toHaveText(`${hidden[2]} shown of ${hidden[2]}`);

      // Hardware: a tree with the DMI section, searchable.
      await hosts.detailsTab('Hardware inventory').click();
      await expect(hosts.hardware.getByRole('tree')).toContainText('DMI (BIOS and hardware)');
      await hosts.hardwareFilter.fill('Serial_Number');
      await expect(
        hosts.hardware.locator('.hw-tree__leaf', { hasText: 'Serial_Number' }).first(),
      ).toBeVisible();
      await expect(hosts.hardware.locator('.hw-tree__leaf', { hasText: 'Manufacturer' })).toHaveCount(0);
      await hosts.hardwareFilter.fill('no-such-inventory-value');
      await expect(hosts.hardware).toContainText('Nothing in the hardware inventory matches.');

      // The Windows-updates tabs exist only where the server has WUA.
      if (profile === 'reference') {
        await expect(hosts.detailsTab(/^Windows updates/)).toBeVisible();
      } else {
        await expect(hosts.detailsTab(/^Windows updates/)).toHaveCount(0);
        await expect(hosts.details).toContainText('Windows updates need a WAPT Enterprise server');
      }
    });
  });
}

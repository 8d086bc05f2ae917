import { expect, openConsole, test } from '../support/fixtures';
import {
  E2E_SERVER_PROFILES,
  loginToServer,
  readAllRows,
  startProfileServer,
  visibleRowCount,
  type TestServer,
} from '../support/server-profiles';
import { settledColumn } from '../support/waits';

/*
 * The hosts grid against each server profile (docs/hosts-listing.md): the reference server pages
 * (infinite row model, server sort, true total); the strict `wapt-1.8.2` profile honours only
 * `limit` and never sends a total, so the console loads up to "maximum hosts to display" hosts in
 * one request and sorts, filters and selects them itself. Either way, with 450 hosts every host is
 * reachable exactly once, sorted as asked, with the true total shown.
 */
const HOSTS = 450;
const LT = /-lt-000[0-9][0-9]\./;

for (const profile of E2E_SERVER_PROFILES) {
  test.describe(`hosts, server profile ${profile}`, () => {
    let server: TestServer;
    test.beforeAll(async () => {
      server = await startProfileServer(profile, HOSTS);
    });
    test.afterAll(async () => server?.stop());

    test('every host is reachable exactly once, sorted as asked, with the true total', async ({
      page,
      consoleApp,
    }, testInfo) => {
      await openConsole(page, consoleApp);
      const hosts = await loginToServer(page, server.url);
      expect(await hosts.mode).toBe(profile === 'reference' ? 'server-paged' : 'client');
      await expect(hosts.count).toHaveText(`0 selected / ${HOSTS} hosts`);
      await expect.poll(() => visibleRowCount(hosts.grid)).toBeGreaterThan(5);

      await hosts.header('computer_fqdn').locator('.ag-header-cell-label').click();
      await expect(
        hosts.grid.locator('.ag-header-cell[col-id="computer_fqdn"][aria-sort="ascending"]'),
      ).toHaveCount(1);
      const ascending = await readAllRows(hosts, 'computer_fqdn', HOSTS);
      expect(new Set(ascending).size).toBe(HOSTS);
      expect(ascending).toEqual([...ascending].sort());
      await testInfo.attach(`hosts-${profile}-sorted`, {
        body: await page.screenshot(),
        contentType: 'image/png',
      });

      await hosts.header('computer_fqdn').locator('.ag-header-cell-label').click();
      await expect(
        hosts.grid.locator('.ag-header-cell[col-id="computer_fqdn"][aria-sort="descending"]'),
      ).toHaveCount(1);
      await expect(hosts.cell(0, 'computer_fqdn')).toHaveText([...ascending].sort().reverse()[0]!);
      await expect(hosts.count).toHaveText(`0 selected / ${HOSTS} hosts`);
    });

    test('WAPT’s server-side search (regular expression, Not, connected only) on the whole fleet', async ({
      page,
      consoleApp,
    }) => {
      await openConsole(page, consoleApp);
      const hosts = await loginToServer(page, server.url);
      await expect(hosts.count).toHaveText(`0 selected / ${HOSTS} hosts`);

      await hosts.search.fill(LT.source);
      await expect(hosts.count).toHaveText(new RegExp(`^0 selected / (?!${HOSTS} )\\d+ hosts$`));
      const matching = Number(/\/ (\d+) hosts/.exec((await hosts.count.textContent()) ?? '')![1]);
      expect(matching).toBeGreaterThan(0);
      await expect.poll(() => visibleRowCount(hosts.grid)).toBeGreaterThan(0);
      const fqdns = await readAllRows(hosts, 'computer_fqdn', matching);
      for (const f of fqdns) expect(f).toMatch(LT);

      await hosts.notBox.check();
      await expect(hosts.count).toHaveText(`0 selected / ${HOSTS - matching} hosts`);
      await settledColumn(hosts.grid, 'computer_fqdn', (f) => f !== '' && !LT.test(f));
      await hosts.notBox.uncheck();
      await hosts.search.fill('');
      await expect(hosts.count).toHaveText(`0 selected / ${HOSTS} hosts`);

      await hosts.connectedOnly.check();
      await expect(hosts.count).toHaveText(new RegExp(`^0 selected / (?!${HOSTS} )\\d+ hosts$`));
      await settledColumn(hosts.grid, 'reachable', (r) => r === 'OK');
    });

    if (profile !== 'reference') {
      test('client-side mode: quick filter, selection, and "maximum hosts to display" with limit reached', async ({
        page,
        consoleApp,
      }, testInfo) => {
        await openConsole(page, consoleApp);
        const hosts = await loginToServer(page, server.url);
        await expect(hosts.count).toHaveText(`0 selected / ${HOSTS} hosts`);
        await expect(hosts.displayLimit).toHaveValue('2000');

        await hosts.quickFilter.fill('-lt-00');
        await expect(hosts.quickFilterShown).toBeVisible();
        const shown = Number(/^(\d+)/.exec((await hosts.quickFilterShown.textContent()) ?? '')![1]);
        expect(shown).toBeGreaterThan(0);
        expect(shown).toBeLessThan(HOSTS);
        await expect.poll(() => visibleRowCount(hosts.grid)).toBeGreaterThan(0);
        // Until the filter has been applied everywhere, rows drawn before it may still be read:
        // read again until every row read matches (state, not timing).
        await expect(async () => {
          for (const f of await readAllRows(hosts, 'computer_fqdn', shown)) expect(f).toContain('-lt-00');
        }).toPass();
        // Select two filtered rows: the footer counts them.
        await hosts.rowCheckbox(0).check();
        await hosts.rowCheckbox(1).check();
        await expect(hosts.count).toHaveText(`2 selected / ${HOSTS} hosts`);
        await hosts.quickFilter.fill('');

        // A limit below the fleet: one request of 100, and the footer says the limit was reached,
        // with the fleet size from the login answer (the server itself sends no total).
        await hosts.displayLimit.fill('100');
        await hosts.displayLimit.press('Enter');
        await expect(hosts.count).toHaveText(
          `0 selected / 100 hosts (limit reached: ${HOSTS} on the server)`,
        );
        await expect.poll(() => visibleRowCount(hosts.grid)).toBeGreaterThan(5);
        await testInfo.attach('hosts-limit-reached', {
          body: await page.screenshot(),
          contentType: 'image/png',
        });

        // Out-of-range values are flagged where typed and never saved.
        await hosts.displayLimit.fill('50001');
        await expect(hosts.displayLimit).toHaveAttribute('aria-invalid', 'true');
        await hosts.displayLimit.fill('2000');
        await hosts.displayLimit.press('Enter');
        await expect(hosts.count).toHaveText(`0 selected / ${HOSTS} hosts`);
      });
    }
  });
}

import type { Page } from '@playwright/test';
import { AuditPage } from '../pages/audit-page';
import { expect, openConsole, test } from '../support/fixtures';
import {
  E2E_SERVER_PROFILES,
  loginToServer,
  startProfileServer,
  type TestServer,
} from '../support/server-profiles';
import { settledColumn } from '../support/waits';

/*
 * One refresh path (renderer/src/refresh.ts, docs/ARCHITECTURE.md): F5 and a tab's Refresh
 * button re-read the server through query-key invalidation only, and the grids that keep their
 * rows themselves (the server-paged hosts grids) follow. Hosts are removed behind the console's
 * back (through its bridge, which leaves the renderer's cache alone); the grids must show the
 * change after F5 / Refresh. Every wait is on what the application shows.
 */

type Bridge = { invoke(m: string, i: unknown): Promise<{ ok: boolean; value: unknown }> };

/** Deletes the first host of the server's default order from its inventory; returns its name. */
async function deleteOneHostBehindTheGrid(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
    const listed = await bridge.invoke('hosts.list', { limit: 1 });
    if (!listed.ok) throw new Error('hosts.list failed');
    const host = (listed.value as { rows: { uuid: string; computer_fqdn: string }[] }).rows[0]!;
    const deleted = await bridge.invoke('hosts.delete', {
      uuids: [host.uuid],
      deletePackages: false,
      deleteInventory: true,
    });
    if (!deleted.ok) throw new Error('hosts.delete failed');
    return host.computer_fqdn;
  });
}

const HOSTS = 30;

for (const profile of E2E_SERVER_PROFILES) {
  test.describe(`one refresh path, server profile ${profile}`, () => {
    let server: TestServer;
    test.beforeAll(async () => {
      server = await startProfileServer(profile, HOSTS);
    });
    test.afterAll(async () => server?.stop());

    test('F5 re-reads the hosts grid; nothing else does it behind the user’s back', async ({
      page,
      consoleApp,
    }) => {
      await openConsole(page, consoleApp);
      const hosts = await loginToServer(page, server.url);
      await expect(hosts.status).toContainText(`/ ${HOSTS} hosts`);
      await settledColumn(hosts.grid, 'computer_fqdn', (f) => f !== '');

      const gone = await deleteOneHostBehindTheGrid(page);
      // The cached listing is still what the grid shows (the count read before the deletion).
      await expect(hosts.status).toContainText(`/ ${HOSTS} hosts`);

      await page.keyboard.press('F5');
      await expect(hosts.status).toContainText(`/ ${HOSTS - 1} hosts`);
      await settledColumn(hosts.grid, 'computer_fqdn', (f) => f !== '' && f !== gone, `no row for ${gone}`);
    });

    if (profile === 'reference') {
      test('the Audit tab’s Refresh re-reads its server-paged per-host grid', async ({
        page,
        consoleApp,
      }) => {
        await openConsole(page, consoleApp);
        await loginToServer(page, server.url);
        const audit = new AuditPage(page);
        await audit.tab.click();
        await audit.view(/^Per host/).click();
        const label = audit.view(/^Per host/);
        await expect(label).toHaveText(/^Per host \((\d+)\)$/);
        const before = Number(/\((\d+)\)/.exec((await label.textContent()) ?? '')![1]);
        await settledColumn(audit.hostsGrid, 'computer_fqdn', (f) => f !== '');

        const gone = await deleteOneHostBehindTheGrid(page);
        await expect(label).toHaveText(`Per host (${before})`);

        await audit.root
          .getByRole('toolbar', { name: 'Audit' })
          .getByRole('button', { name: 'Refresh' })
          .click();
        await expect(label).toHaveText(`Per host (${before - 1})`);
        await settledColumn(
          audit.hostsGrid,
          'computer_fqdn',
          (f) => f !== '' && f !== gone,
          `no row for ${gone}`,
        );
      });
    }
  });
}

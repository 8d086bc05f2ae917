import type { Page } from '@playwright/test';
import { TEST_ADMIN_PASSWORD } from '../../support/reference-server';
import { expect, openConsole, test } from '../support/fixtures';
import {
  E2E_SERVER_PROFILES,
  loginToServer,
  startProfileServer,
  type TestServer,
} from '../support/server-profiles';
import { AGENTS_WAIT, settledColumn } from '../support/waits';
import type { HostsPage } from '../pages/hosts-page';

/*
 * Issue 13 point 4 in the browser, against the reference server and its strict genuine 1.8.2
 * profile (docs/host-actions.md): install and remove a host's package from host details (signed
 * host actions, the status read back from the host), delete a host with WAPT's options, and apply
 * upgrades on two selected hosts with their per-host progress rows. Every wait is on what the
 * application shows (rows, texts, dialog states), never on time.
 */

type Bridge = { invoke(m: string, i: unknown): Promise<{ ok: boolean; value: unknown }> };
type ServerHost = { uuid: string; computer_fqdn: string; listening_protocol: string | null };

const regexOf = (fqdns: string[]) => `^(${fqdns.map((f) => f.replaceAll('.', '\\.')).join('|')})$`;

for (const profile of E2E_SERVER_PROFILES) {
  test.describe(`host package actions, server profile ${profile}`, () => {
    let server: TestServer;
    test.beforeAll(async () => {
      server = await startProfileServer(profile, 40);
    });
    test.afterAll(async () => server?.stop());

    /** The server's own answers (what the test picks hosts from, and checks afterwards). */
    const get = async <T>(p: string): Promise<T> => {
      const r = await fetch(`${server.url}${p}`, {
        headers: { Authorization: `Basic ${Buffer.from(`admin:${TEST_ADMIN_PASSWORD}`).toString('base64')}` },
      });
      return ((await r.json()) as { result: T }).result;
    };
    const connectedHosts = async () =>
      (
        await get<ServerHost[]>('/api/v1/hosts?columns=uuid,computer_fqdn,listening_protocol&limit=1000')
      ).filter((h) => h.listening_protocol === 'websockets');

    /** Logs in, configures the server's demo signer as the administrator's key (still locked). */
    const start = async (page: Page, consoleApp: Parameters<typeof openConsole>[1]) => {
      await openConsole(page, consoleApp);
      const hosts = await loginToServer(page, server.url);
      await page.evaluate(async (s) => {
        const bridge = (window as unknown as { consoleBridge: Bridge }).consoleBridge;
        await bridge.invoke('keys.configure', { keyPath: s.keyPath, certificatePath: s.certificatePath });
      }, server.demoSigner!);
      return hosts;
    };
    /** Narrows the grid to these hosts by WAPT's host search and waits until exactly they are drawn. */
    const showOnly = async (hosts: HostsPage, fqdns: string[]) => {
      await hosts.scope.selectOption('host');
      await hosts.search.fill(regexOf(fqdns));
      await expect(hosts.status).toContainText(fqdns.length === 1 ? '/ 1 host' : `/ ${fqdns.length} hosts`);
      await expect(hosts.rows).toHaveCount(fqdns.length);
      await settledColumn(hosts.grid, 'computer_fqdn', (f) => fqdns.includes(f));
    };
    /** Confirms the action; the first one asks to unlock the key (the demo key has no password). */
    const launch = async (page: Page, hosts: HostsPage, confirmText: string | RegExp, unlock: boolean) => {
      await expect(hosts.confirmDialog).toContainText(confirmText);
      await hosts.confirmDialog.getByRole('button', { name: 'Launch' }).click();
      if (unlock) {
        await expect(hosts.unlockDialog).toBeVisible();
        await hosts.unlockDialog.getByRole('button', { name: 'Unlock' }).click();
      }
      await expect(hosts.progressDialog).toBeVisible();
    };

    test('install a package from host details, see its status change, then remove it with Delete', async ({
      page,
      consoleApp,
    }, testInfo) => {
      test.setTimeout(180_000);
      // A connected host whose demo-7zip waits for its upgrade (the demo fleet leaves ~30% so).
      let target: ServerHost | undefined;
      for (const h of await connectedHosts()) {
        const pkgs = await get<Array<{ package: string; install_status: string }>>(
          `/api/v1/host_data?uuid=${h.uuid}&field=installed_packages`,
        );
        if (pkgs.some((p) => p.package === 'demo-7zip' && p.install_status === 'NEED-UPGRADE')) {
          target = h;
          break;
        }
      }
      expect(target).toBeDefined();
      const fqdn = target!.computer_fqdn;
      const hosts = await start(page, consoleApp);
      await showOnly(hosts, [fqdn]);
      await hosts.cell(0, 'computer_fqdn').dblclick();
      await expect(hosts.details).toContainText(`Host ${fqdn}`);

      const row = hosts.packagesGrid.locator('.ag-row', { hasText: 'demo-7zip' });
      // The cell shows a translated label; the server's code is on the cell (grids/status-labels.ts).
      const status = row.locator('[col-id="status"] [data-status-code]');
      await expect(status).toHaveAttribute('data-status-code', 'NEED-UPGRADE');
      await row.locator('[col-id="package"]').click();
      await expect(page.getByTestId('host-packages-selected')).toHaveText('1 package selected');
      await hosts.details.locator('button[data-action="install_packages"]').click();
      await launch(page, hosts, 'Install demo-7zip on 1 host?', true);
      await expect(hosts.progressRowState(fqdn)).toHaveText('OK', { timeout: AGENTS_WAIT });
      await testInfo.attach(`install-${profile}`, {
        body: await page.screenshot(),
        contentType: 'image/png',
      });
      await hosts.progressDialog.getByRole('button', { name: 'Close' }).click();
      // Read back from the host's report: installed at the repository's version.
      await expect(status).toHaveAttribute('data-status-code', 'OK');
      await expect(row.locator('[col-id="version"]')).toHaveText('23.01-1');

      // Delete on the grid = Remove, after the confirmation (the key is unlocked now).
      await row.locator('[col-id="package"]').click();
      await expect(page.getByTestId('host-packages-selected')).toHaveText('1 package selected');
      await page.keyboard.press('Delete');
      await launch(page, hosts, 'Remove demo-7zip from 1 host?', false);
      await expect(hosts.progressRowState(fqdn)).toHaveText('OK', { timeout: AGENTS_WAIT });
      await hosts.progressDialog.getByRole('button', { name: 'Close' }).click();
      await expect(row).toHaveCount(0);
      const after = await get<Array<{ package: string }>>(
        `/api/v1/host_data?uuid=${target!.uuid}&field=installed_packages`,
      );
      expect(after.map((p) => p.package)).not.toContain('demo-7zip');
    });

    test('delete a host from the context menu with both options: it is gone from the grid and the server', async ({
      page,
      consoleApp,
    }, testInfo) => {
      const all = await get<ServerHost[]>('/api/v1/hosts?columns=uuid,computer_fqdn&limit=1000');
      const victim = all[all.length - 1]!;
      const hosts = await start(page, consoleApp);
      await showOnly(hosts, [victim.computer_fqdn]);
      await hosts.cell(0, 'computer_fqdn').click({ button: 'right' });
      const menu = page.getByTestId('hosts-menu');
      await expect(menu).toBeVisible();
      await menu.locator('[data-menu-item="delete"]').click();
      const dialog = page.getByTestId('delete-hosts-dialog');
      await expect(dialog.getByTestId('delete-hosts-list')).toHaveText(victim.computer_fqdn);
      // WAPT's two options, both ticked by default.
      await expect(dialog.locator('input[name="deleteHostPackages"]')).toBeChecked();
      await expect(dialog.locator('input[name="deleteHostInventory"]')).toBeChecked();
      await testInfo.attach(`delete-${profile}`, { body: await page.screenshot(), contentType: 'image/png' });
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.locator('.toolbar__notice')).toContainText('1 hosts removed from DB');
      await expect(hosts.status).toContainText('/ 0 hosts');
      await expect(hosts.rows).toHaveCount(0);
      expect(await get<unknown[]>(`/api/v1/hosts?uuid=${victim.uuid}&columns=uuid`)).toEqual([]);
    });

    test("the Groups filter lists the repository's group packages and the server filters hosts by them", async ({
      page,
      consoleApp,
    }) => {
      const inGroup = await get<unknown[]>(
        '/api/v1/hosts?groups=demo-group-workstations&columns=uuid&limit=1000',
      );
      const all = await get<unknown[]>('/api/v1/hosts?columns=uuid&limit=1000');
      expect(inGroup.length).toBeGreaterThan(0);
      expect(inGroup.length).toBeLessThan(all.length);
      const hosts = await start(page, consoleApp);
      await expect(hosts.status).toContainText(`/ ${all.length} hosts`);
      const groupFilter = page.locator('select[name="searchGroup"]');
      await expect(groupFilter.locator('option[value="demo-group-workstations"]')).toHaveCount(1);
      await groupFilter.selectOption('demo-group-workstations');
      await expect(hosts.status).toContainText(`/ ${inGroup.length} hosts`);
    });

    test('apply upgrades on two selected hosts: one progress row per host, each to its outcome', async ({
      page,
      consoleApp,
    }, testInfo) => {
      test.setTimeout(180_000);
      const two = (await connectedHosts()).slice(1, 3).map((h) => h.computer_fqdn);
      const hosts = await start(page, consoleApp);
      await showOnly(hosts, two);
      await hosts.rowCheckbox(0).check();
      await hosts.rowCheckbox(1).check();
      await expect(hosts.status).toContainText('2 selected');
      await hosts.actionsMenu.click();
      await hosts.actionItem('upgrade').click();
      await launch(page, hosts, 'Apply package upgrades on 2 hosts?', true);
      // Both rows are there from the start, then each reaches its agent's outcome (the simulated
      // upgrade may fail one package, as a real one can: Error is an outcome too).
      for (const f of two) await expect(hosts.progressRowState(f)).toBeVisible();
      for (const f of two)
        await expect(hosts.progressRowState(f)).toHaveText(/^(OK|Error)$/, { timeout: AGENTS_WAIT });
      await expect(hosts.actionSummary).toContainText('2/2 done');
      await testInfo.attach(`upgrade-${profile}`, {
        body: await page.screenshot(),
        contentType: 'image/png',
      });
    });
  });
}

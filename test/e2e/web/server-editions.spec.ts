import { AuditPage } from '../pages/audit-page';
import { ShellPage } from '../pages/shell-page';
import { expect, openConsole, test } from '../support/fixtures';
import { loginToServer, type TestServer } from '../support/server-profiles';
import { AGENTS_WAIT } from '../support/waits';
import { startTestServer } from '../../support/reference-server';

/*
 * What an administrator sees on servers that offer less than the reference server
 * (docs/server-capabilities.md): a community edition disables every Windows-update feature with
 * one sentence and never shows a raw route error; an Enterprise server without the counts
 * extension gets them computed by the console, with a progress bar and "data as of".
 */
test.describe('community edition (strict wapt-1.8.2 profile)', () => {
  let server: TestServer;
  test.beforeAll(async () => {
    server = await startTestServer({ hosts: 20, profile: 'wapt-1.8.2', edition: 'community', speed: 400 });
  });
  test.afterAll(async () => server?.stop());

  test('the WUA tabs, WUA host actions and the [waptwua] step are disabled with one sentence; no raw error', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToServer(page, server.url);
    const shell = new ShellPage(page);
    await expect(page.getByTestId('hosts-counts-hidden')).toHaveText(
      'Windows-update columns are hidden: this server does not offer Windows updates.',
    );
    for (const tab of ['Windows Updates', 'WUA rule packages', 'Audit']) {
      await shell.tab(tab).click();
      await expect(page.getByTestId('wua-not-offered')).toHaveText(
        'Windows updates need a WAPT Enterprise server. This server is the community edition: this tab is disabled.',
      );
      await expect(page.locator('.error-banner')).toHaveCount(0);
    }

    await shell.tab('Hosts').click();
    await hosts.rowCheckbox(0).check();
    await hosts.actionsMenu.click();
    await expect(hosts.actionItem('waptwua_scan')).toBeDisabled();
    await expect(hosts.actionItem('update')).toBeEnabled();
    await page.keyboard.press('Escape');

    await shell.tab('Build the agent').click();
    await page.getByTestId('agent-step-wua').click();
    await expect(page.getByTestId('agent-wua-not-offered')).toBeVisible();
    await expect(page.getByTestId('agent-wua-step')).toHaveAttribute('disabled', '');
    await expect(page.getByTestId('agent-wua-enabled')).toBeDisabled();
    await expect(page.locator('body')).not.toContainText(/api\/v2|Not found:/);
  });
});

test.describe('enterprise server without the counts extension (strict wapt-1.8.2 profile)', () => {
  let server: TestServer;
  test.beforeAll(async () => {
    server = await startTestServer({ hosts: 60, profile: 'wapt-1.8.2', edition: 'enterprise', speed: 400 });
  });
  test.afterAll(async () => server?.stop());

  test('host counts are hidden with a note, then computed from every host with progress and "data as of"', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    await loginToServer(page, server.url);
    const shell = new ShellPage(page);
    await expect(page.getByTestId('hosts-counts-hidden')).toContainText('count columns are hidden');
    await expect(page.getByTestId('fleet-counts-start')).toBeVisible();
    await shell.tab('Windows Updates').click();
    await expect(page.getByTestId('wu-counts-hidden')).toBeVisible();
    await expect(page.locator('[data-testid="updates-grid"] [role="row"][row-index="0"]')).toBeVisible();
    // AG Grid renders only the columns in view: read visibility from the column chooser.
    const columnVisible = async (colId: string) => {
      await page.getByRole('button', { name: 'Columns' }).first().click();
      const box = page.locator(`.popover input[data-col-id="${colId}"]`);
      const checked = await box.isChecked();
      await page.getByRole('button', { name: 'Columns' }).first().click();
      return checked;
    };
    expect(await columnVisible('hosts_pending')).toBe(false);

    // The Audit tab starts the computation by itself: progress, then the stamp.
    await shell.tab('Audit').click();
    const bar = page.getByTestId('fleet-counts');
    await expect(bar).toHaveAttribute('data-state', /running|ready/);
    await expect(page.getByTestId('fleet-counts-asof')).toContainText(
      /Counts computed by the console from 60 hosts · data as of/,
      { timeout: AGENTS_WAIT },
    );
    await expect(page.getByTestId('kpi-compliance')).toHaveText(/%/);
    await expect(page.locator('.error-banner')).toHaveCount(0);

    // Per host: the whole list (no paging on this server), sorted here by missing count, most first.
    const audit = new AuditPage(page);
    await audit.view(/^Per host \(60\)/).click();
    const missing = (i: number) =>
      audit.hostsGrid.locator(`[role="row"][row-index="${i}"] [col-id="wua_missing_count"]`);
    for (const i of [0, 1, 2]) await expect(missing(i)).toHaveText(/^\d+$/);
    const top3 = await Promise.all([0, 1, 2].map(async (i) => Number(await missing(i).textContent())));
    expect(top3).toEqual([...top3].sort((a, b) => b - a));

    await shell.tab('Windows Updates').click();
    await expect(page.getByTestId('wu-counts-hidden')).toHaveCount(0);
    // OK, pending and missing (the default host-count columns) are back.
    await expect.poll(() => columnVisible('hosts_pending')).toBe(true);
    expect(await columnVisible('hosts_ok')).toBe(true);
    const first = await page.evaluate(async () => {
      const bridge = (
        window as unknown as {
          consoleBridge: {
            invoke(
              m: string,
              i: unknown,
            ): Promise<{ value: { countsSource: string; rows: { hosts_pending: number | null }[] } }>;
          };
        }
      ).consoleBridge;
      return (await bridge.invoke('updates.page', { offset: 0, limit: 1 })).value;
    });
    expect(first.countsSource).toBe('computed');
    await shell.tab('Hosts').click();
    await expect(page.getByTestId('fleet-counts-asof')).toBeVisible();
    await expect(page.getByTestId('hosts-counts-hidden')).toHaveCount(0);
    expect(typeof first.rows[0]!.hosts_pending).toBe('number');
  });
});

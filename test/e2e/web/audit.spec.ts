import type { Page } from '@playwright/test';
import { AuditPage } from '../pages/audit-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

interface Counts {
  product: string | null;
  severity: string | null;
  hosts_ok: number;
  hosts_pending: number;
  hosts_missing: number;
  hosts_error: number;
}

/** The server's per-update counts, through the console's API (the same route the chart is computed from). */
async function serverUpdates(page: Page): Promise<Counts[]> {
  return page.evaluate(async () => {
    const bridge = (
      window as unknown as {
        consoleBridge: { invoke(m: string, i: unknown): Promise<{ ok: boolean; value: { rows: Counts[] } }> };
      }
    ).consoleBridge;
    const r = await bridge.invoke('updates.page', { offset: 0, limit: 5000 });
    if (!r.ok) throw new Error('updates.page failed');
    return r.value.rows;
  });
}

/** Expected label of a bar, computed here independently: OK / (OK + PENDING + MISSING + ERROR), one decimal, truncated. */
function expectedLabel(name: string, rows: Counts[]): string {
  const ok = rows.reduce((a, r) => a + r.hosts_ok, 0);
  const applicable = rows.reduce(
    (a, r) => a + r.hosts_ok + r.hosts_pending + r.hosts_missing + r.hosts_error,
    0,
  );
  const pct = (Math.floor((ok / applicable) * 1000 + 1e-9) / 10).toFixed(1);
  return `${name}: ${pct}% compliant (${ok} of ${applicable})`;
}

test.describe('audit', () => {
  test('compliance charts render and their numbers match the server for the same query; read-only badge; per-host view', async ({
    page,
    consoleApp,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const audit = new AuditPage(page);
    await audit.tab.click();
    await expect(audit.readOnlyBadge).toHaveText('Read-only (no key unlocked)');
    await expect(audit.bars('product').first()).toBeVisible();

    const rows = await serverUpdates(page);
    const products = [...new Set(rows.map((r) => r.product ?? ''))].sort((a, b) =>
      a === '' ? 1 : b === '' ? -1 : a.localeCompare(b),
    );
    await expect(audit.bars('product')).toHaveCount(products.length);
    // Charts are drawn from the same answer, but not necessarily in the same frame: poll the labels.
    const barLabels = (chart: 'product' | 'severity') =>
      audit.bars(chart).evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label')));
    await expect
      .poll(() => barLabels('product'))
      .toEqual(
        products.map((p) =>
          expectedLabel(
            p || '(no product)',
            rows.filter((r) => (r.product ?? '') === p),
          ),
        ),
      );

    const severities: [string, string | null][] = [
      ['Critical', 'Critical'],
      ['Important', 'Important'],
      ['Moderate', 'Moderate'],
      ['Low', 'Low'],
      ['No severity', null],
    ];
    const present = severities.filter(([, s]) => rows.some((r) => r.severity === s));
    await expect
      .poll(() => barLabels('severity'))
      .toEqual(
        present.map(([name, s]) =>
          expectedLabel(
            name,
            rows.filter((r) => r.severity === s),
          ),
        ),
      );

    // Each bar has a visible text label and the numbers are also in a table.
    await expect(audit.chart('product').locator('svg text', { hasText: 'Windows 11' })).toBeVisible();
    const overall = expectedLabel('all', rows).replace(/^all: /, '');
    await expect(audit.compliance).toHaveText(overall.split(' ')[0]!);
    await expect(audit.applicable).toHaveText(/^\d+$/);
    const win11 = rows.filter((r) => r.product === 'Windows 11');
    await expect(
      audit.table('product').locator('tr', { hasText: 'Windows 11' }).locator('td').nth(1),
    ).toHaveText(String(win11.reduce((a, r) => a + r.hosts_ok, 0)));
    await testInfo.attach('audit', {
      body: await page.screenshot({ fullPage: true }),
      contentType: 'image/png',
    });

    // Per update: least compliant first.
    const pct = (i: number) => audit.updatesGrid.locator(`[role="row"][row-index="${i}"] [col-id="percent"]`);
    await expect(pct(0)).toHaveText(/\d/);
    await expect(pct(1)).toHaveText(/\d/);
    expect(parseFloat((await pct(0).textContent())!)).toBeLessThanOrEqual(
      parseFloat((await pct(1).textContent())!),
    );

    // Per host: the server sorts by missing count, most first.
    await audit.view(/^Per host/).click();
    const hostRow = audit.hostsGrid.locator('[role="row"][row-index="0"]');
    await expect(hostRow.locator('[col-id="computer_fqdn"]')).not.toHaveText('');
    const top = await page.evaluate(async () => {
      const bridge = (
        window as unknown as {
          consoleBridge: {
            invoke(
              m: string,
              i: unknown,
            ): Promise<{ ok: boolean; value: { rows: { wua_missing_count: number }[] } }>;
          };
        }
      ).consoleBridge;
      const r = await bridge.invoke('hosts.page', {
        offset: 0,
        limit: 1,
        sort: { colId: 'wua_missing_count', desc: true },
      });
      return r.value.rows[0]!.wua_missing_count;
    });
    await expect(hostRow.locator('[col-id="wua_missing_count"]')).toHaveText(String(top));
    await expect(hostRow.locator('[col-id="compliance"]')).toHaveText(/^\d+\.\d%$/);
    await testInfo.attach('audit-hosts', { body: await page.screenshot(), contentType: 'image/png' });
  });
});

import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import { AuditPage } from '../pages/audit-page';
import { WindowsUpdatesPage } from '../pages/windows-updates-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

const FORMULA = '=HYPERLINK("http://evil.example","x") Security Update';

interface Row {
  update_id: string;
  hosts_ok: number;
  hosts_pending: number;
  hosts_missing: number;
  hosts_error: number;
}

async function bridge<T>(page: Page, method: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ([m, i]) => {
      const b = (
        window as unknown as {
          consoleBridge: {
            invoke(m: string, i: unknown): Promise<{ ok: boolean; value: unknown; error?: unknown }>;
          };
        }
      ).consoleBridge;
      const r = await b.invoke(m, i);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value;
    },
    [method, input] as const,
  ) as Promise<T>;
}

async function saved(download: Download): Promise<{ bytes: Buffer; text: string; lines: string[] }> {
  const bytes = readFileSync(await download.path());
  const text = bytes.toString('utf8');
  return { bytes, text, lines: text.replace(/^\uFEFF/, '').split('\r\n') };
}

test.describe('export', () => {
  test('CSV exports carry a provenance preamble, the header and known rows, neutralise formula-like cells, and show the file SHA-256', async ({
    page,
    consoleApp,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const wu = new WindowsUpdatesPage(page);
    await wu.tab.click();
    await expect(wu.row(0)).toBeVisible();

    // A hostile title, as an agent could report one: it must reach the CSV as text, not as a formula.
    const target = (await bridge<{ rows: Row[] }>(page, 'updates.page', { offset: 0, limit: 1 })).rows[0]!;
    const db = new Database(path.join(consoleApp.userDataDir, 'demo-server', 'db', 'server.sqlite'));
    try {
      db.prepare('UPDATE wsus_updates SET title = ? WHERE update_id = ?').run(FORMULA, target.update_id);
    } finally {
      db.close();
    }

    await wu.search.fill('HYPERLINK');
    await expect(wu.total).toContainText('/ 1 update');
    await expect(wu.cell(0, 'title')).toHaveText(FORMULA);
    const [download] = await Promise.all([page.waitForEvent('download'), wu.exportCsv.click()]);
    expect(download.suggestedFilename()).toMatch(/^windows-updates-\d{4}-\d{2}-\d{2}T\d{6}Z\.csv$/);
    const csv = await saved(download);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const info = await bridge<{ version: string }>(page, 'app.info', {});
    const session = await bridge<{ serverUrl: string }>(page, 'session.status', {});
    expect(csv.lines[0]).toBe('# Windows updates');
    expect(csv.lines[1]).toBe(`# Generator: WAPT Console ${info.version}`);
    expect(csv.lines[2]).toBe(`# Server: ${session.serverUrl}`);
    expect(csv.lines[3]).toMatch(/^"# Query: \{""filter"":\{.*""text"":""HYPERLINK"".*\}"$/);
    expect(csv.lines[4]).toMatch(
      /^# Data as of: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z \(server time\)$/,
    );
    expect(csv.lines[5]).toMatch(/^# Exported at: .* \(workstation time\)$/);
    expect(csv.lines[6]).toBe('# Rows: 1');
    expect(csv.lines[7]).toBe(
      'Published on,KBs,Product,Classification,Title,Severity,Max download size,Downloaded on,Hosts OK,Hosts pending,Hosts missing',
    );
    const cells = csv.lines[8]!;
    expect(cells).toContain(`"'${FORMULA.replaceAll('"', '""')}"`);
    expect(cells).toContain(`,${target.hosts_ok},${target.hosts_pending},${target.hosts_missing}`);
    expect(csv.lines[9]).toBe('');
    // The hash shown is the file's (what sha256sum prints).
    await expect(wu.exportReceipt).toContainText('1 row exported to windows-updates-');
    await expect(wu.exportSha256).toHaveText(createHash('sha256').update(csv.bytes).digest('hex'));
    await testInfo.attach('export', { body: await page.screenshot(), contentType: 'image/png' });

    // Audit per-update export: same provenance, the compliance definition, the known row with its figure.
    const audit = new AuditPage(page);
    await audit.tab.click();
    await expect(audit.updatesGrid.locator('[role="row"][row-index="0"]')).toBeVisible();
    const [auditDownload] = await Promise.all([page.waitForEvent('download'), audit.exportUpdates.click()]);
    const a = await saved(auditDownload);
    expect(a.lines[0]).toBe('# Windows updates compliance per update');
    expect(a.lines[2]).toBe(`# Server: ${session.serverUrl}`);
    expect(a.lines).toContain(
      '# Compliance = OK / (OK + PENDING + MISSING + ERROR) host×update pairs (DISCARDED pairs are not applicable)',
    );
    const rowsLine = a.lines.find((l) => l.startsWith('# Rows: '))!;
    const header = a.lines.indexOf(
      'KBs,Title,Product,Classification,Severity,Published on,Compliance,OK,Pending,Missing,Error,Applicable',
    );
    expect(header).toBeGreaterThan(0);
    expect(a.lines.length - header - 2).toBe(Number(rowsLine.slice(8)));
    const applicable = target.hosts_ok + target.hosts_pending + target.hosts_missing + target.hosts_error;
    const known = a.lines.find((l) => l.includes('HYPERLINK'))!;
    expect(known).toContain(`"'${FORMULA.replaceAll('"', '""')}"`);
    expect(known).toContain(
      `,${Math.round((10000 * target.hosts_ok) / applicable) / 100},${target.hosts_ok},${target.hosts_pending},${target.hosts_missing},${target.hosts_error},${applicable}`,
    );
    await expect(audit.exportSha256).toHaveText(createHash('sha256').update(a.bytes).digest('hex'));
  });
});

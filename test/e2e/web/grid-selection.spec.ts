import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { WindowsUpdatesPage } from '../pages/windows-updates-page';
import { WuaRulesPage } from '../pages/wua-rules-page';
import { startConsole } from '../support/browser-mode';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';
import { loginToServer, startProfileServer, type TestServer } from '../support/server-profiles';

/*
 * The grid toolkit's conventions (renderer/src/grids/grid-selection.ts, README "Grid conventions"):
 * header checkbox and Ctrl+A select the rows the filter shows; selected rows a filter hides stay
 * selected but are counted in the footer and never acted on; a server-paged grid's header checkbox
 * and Ctrl+A select the loaded rows and a new filter clears its selection; context menus act on the
 * row clicked;
 * every export carries the provenance preamble and the file's SHA-256.
 * Every wait is on application state (footer texts, aria state, rows), never on time.
 */

const HOSTS = 80;

/** "N selected / M hosts" → N. */
async function selectedCount(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  return Number(/^(\d+) selected/.exec(text)?.[1] ?? NaN);
}

test.describe('grid selection, client-side grid (hosts against the strict wapt-1.8.2 profile)', () => {
  let server: TestServer;
  test.beforeAll(async () => {
    server = await startProfileServer('wapt-1.8.2', HOSTS);
  });
  test.afterAll(async () => server?.stop());

  test('header checkbox and Ctrl+A select the filtered rows only; hidden selected rows are counted and skipped by actions', async ({
    page,
    consoleApp,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToServer(page, server.url);
    expect(await hosts.mode).toBe('client');
    await expect(hosts.count).toHaveText(`0 selected / ${HOSTS} hosts`);
    const headerBox = hosts.grid.locator('.ag-header-select-all input[type="checkbox"]');
    const hiddenNote = page.getByTestId('grid-selection-hidden');

    // Header checkbox with a quick filter: exactly the shown laptops, not the whole fleet.
    await hosts.quickFilter.fill('-lt-');
    await expect(hosts.quickFilterShown).toBeVisible();
    const laptops = Number(/^(\d+)/.exec((await hosts.quickFilterShown.textContent()) ?? '')![1]);
    expect(laptops).toBeGreaterThan(1);
    expect(laptops).toBeLessThan(HOSTS);
    await headerBox.check();
    await expect(hosts.count).toHaveText(`${laptops} selected / ${HOSTS} hosts`);
    await expect(hiddenNote).toHaveCount(0);

    // A narrower filter hides all but one selected laptop: they stay selected, the footer says so…
    await expect(hosts.cell(0, 'computer_fqdn')).toHaveCount(1);
    await expect(hosts.cell(0, 'computer_fqdn')).toContainText('-lt-');
    const one = (await hosts.cell(0, 'computer_fqdn').textContent()) ?? '';
    expect(one).toContain('-lt-');
    await hosts.quickFilter.fill(one);
    await expect(hosts.quickFilterShown).toHaveText('1 shown by the quick filter');
    await expect(hosts.count).toHaveText(`1 selected / ${HOSTS} hosts`);
    await expect(hiddenNote).toHaveText(
      `${laptops - 1} selected rows are hidden by the filter (actions skip them)`,
    );
    await testInfo.attach('selection-hidden-by-filter', {
      body: await page.screenshot(),
      contentType: 'image/png',
    });
    // …and an action acts on the shown one only (Ctrl+U: check updates, confirmation first).
    await page.keyboard.press('Control+u');
    await expect(hosts.confirmDialog).toContainText('Check for package updates on 1 host?');
    await hosts.confirmDialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(hosts.confirmDialog).toHaveCount(0);

    // Clearing the filter shows them again, still selected.
    await hosts.quickFilter.fill('');
    await expect(hosts.count).toHaveText(`${laptops} selected / ${HOSTS} hosts`);
    await expect(hiddenNote).toHaveCount(0);

    // Without a filter the header checkbox (partly ticked) selects every row, then none.
    await headerBox.click();
    await expect(hosts.count).toHaveText(`${HOSTS} selected / ${HOSTS} hosts`);
    await expect(headerBox).toBeChecked();
    await headerBox.click();
    await expect(hosts.count).toHaveText(`0 selected / ${HOSTS} hosts`);
    // Ctrl+A in the grid selects the shown desktops only.
    await hosts.quickFilter.fill('-dt-');
    await expect(hosts.quickFilterShown).toBeVisible();
    const desktops = Number(/^(\d+)/.exec((await hosts.quickFilterShown.textContent()) ?? '')![1]);
    expect(desktops).toBeGreaterThan(1);
    // While the filter applies, AG Grid may briefly draw the old and the new first row together.
    await expect(hosts.cell(0, 'computer_fqdn')).toHaveCount(1);
    await expect(hosts.cell(0, 'computer_fqdn')).toContainText('-dt-');
    await hosts.cell(0, 'computer_fqdn').click();
    await expect(hosts.count).toHaveText(`1 selected / ${HOSTS} hosts`);
    await page.keyboard.press('Control+a');
    await expect(hosts.count).toHaveText(`${desktops} selected / ${HOSTS} hosts`);
    await expect(headerBox).toBeChecked();
    await hosts.quickFilter.fill('');
    await expect(hosts.count).toHaveText(`${desktops} selected / ${HOSTS} hosts`);
    await expect(headerBox).not.toBeChecked();
  });
});

test.describe('grid selection, server-paged hosts grid (the demo, reference server profile)', () => {
  /** More hosts than one block of the hosts grid (200), so some are not loaded at first. */
  const DEMO_HOSTS = 450;

  test('the header checkbox selects the loaded hosts, the footer says only those are, then it clears the selection', async ({
    page,
  }) => {
    const app = await startConsole({
      env: { WAPT_CONSOLE_DEMO_SPEED: '400' },
      args: ['--demo-hosts', String(DEMO_HOSTS)],
    });
    try {
      await openConsole(page, app);
      const hosts = await loginToDemo(page);
      expect(await hosts.mode).toBe('server-paged');
      await expect(hosts.count).toHaveText(`0 selected / ${DEMO_HOSTS} hosts`);
      const headerBox = hosts.grid.locator('.ag-header-select-all input[type="checkbox"]');
      const loadedNote = page.getByTestId('grid-selection-loaded');
      await expect(headerBox).toBeVisible();
      await expect(headerBox).toBeEnabled();
      await expect(headerBox).not.toBeChecked();
      await expect(headerBox).toHaveAccessibleName('Select the loaded rows (Space; scroll to load more)');
      // The selection column still has its row checkboxes.
      await expect(hosts.rowCheckbox(0)).toBeVisible();

      // The loaded hosts (whole blocks of 200), not the fleet; the footer says so.
      await headerBox.click();
      await expect(hosts.count).toHaveText(new RegExp(`^[1-9]\\d* selected / ${DEMO_HOSTS} hosts$`));
      const selected = await selectedCount(page, 'hosts-count');
      expect(selected % 200).toBe(0);
      expect(selected).toBeLessThan(DEMO_HOSTS);
      await expect(loadedNote).toHaveText('Only the loaded rows are selected (scroll to load more)');
      await expect(loadedNote).toBeVisible();
      await expect(headerBox).toBeChecked();
      await expect(headerBox).toHaveAccessibleName('Clear the selection (Space)');
      await expect(hosts.row(0)).toHaveAttribute('aria-selected', 'true');
      await expect(hosts.rowCheckbox(0)).toBeChecked();

      // One host taken out: the header shows "some"; a click selects the loaded hosts again.
      await hosts.rowCheckbox(0).uncheck();
      await expect(hosts.count).toHaveText(`${selected - 1} selected / ${DEMO_HOSTS} hosts`);
      await expect(headerBox).toHaveJSProperty('indeterminate', true);
      await expect(loadedNote).toHaveCount(0);
      await headerBox.click();
      await expect(hosts.count).toHaveText(`${selected} selected / ${DEMO_HOSTS} hosts`);
      await expect(headerBox).toBeChecked();

      // All loaded hosts selected: a click clears the selection, the note goes.
      await headerBox.click();
      await expect(hosts.count).toHaveText(`0 selected / ${DEMO_HOSTS} hosts`);
      await expect(loadedNote).toHaveCount(0);
      await expect(headerBox).not.toBeChecked();
      await expect(headerBox).toHaveJSProperty('indeterminate', false);
      await expect(hosts.row(0)).toHaveAttribute('aria-selected', 'false');
    } finally {
      await app.stop();
    }
  });
});

test.describe('grid selection and context menus, server-paged grid (Windows Updates, demo server)', () => {
  test('the context menu acts on the row right-clicked (KB link included); Ctrl+A selects the loaded rows; a new filter clears the selection', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const wu = new WindowsUpdatesPage(page);
    await wu.tab.click();
    await expect(wu.total).toHaveText(/^0 selected \/ \d+ updates$/);
    await expect(wu.cell(1, 'title')).not.toHaveText('');
    const kbOf = async (i: number) => ((await wu.cell(i, 'kbids').textContent()) ?? '').split(',')[0]!.trim();
    const kb0 = await kbOf(0);
    const kb1 = await kbOf(1);
    expect(kb1).toMatch(/^KB\d+$/);

    // Row 0 selected, right-click on row 1: the selection becomes row 1, the KB link names row 1.
    await wu.cell(0, 'title').click();
    await expect(wu.total).toHaveText(/^1 selected/);
    await wu.cell(1, 'title').click({ button: 'right' });
    await expect(wu.menu).toBeVisible();
    await expect(wu.row(1)).toHaveAttribute('aria-selected', 'true');
    await expect(wu.row(0)).toHaveAttribute('aria-selected', 'false');
    await expect(wu.menuItem('kb')).toHaveText(`Information about ${kb1} on the Microsoft Web site`);
    await page.keyboard.press('Escape');
    await expect(wu.menu).toHaveCount(0);

    // Rows 0 and 1 selected, right-click on row 1 (in the selection): both stay selected, and the
    // KB link still names the row clicked, not the first selected row.
    await wu.rowCheckbox(0).check();
    await expect(wu.total).toHaveText(/^2 selected/);
    await wu.cell(1, 'title').click({ button: 'right' });
    await expect(wu.menuItem('download')).toHaveText('Download selected on the server (2)');
    await expect(wu.menuItem('kb')).toHaveText(`Information about ${kb1} on the Microsoft Web site`);
    await page.keyboard.press('Escape');
    // From the keyboard: Ctrl+click takes row 0 out of the selection and focuses it; the ContextMenu
    // key on it makes it the selection (it was not in it), and the KB link names row 0.
    await wu.cell(0, 'title').click({ modifiers: ['Control'] });
    await expect(wu.total).toHaveText(/^1 selected/);
    await page.keyboard.press('ContextMenu');
    await expect(wu.menu).toBeVisible();
    await expect(wu.row(0)).toHaveAttribute('aria-selected', 'true');
    await expect(wu.row(1)).toHaveAttribute('aria-selected', 'false');
    await expect(wu.menuItem('kb')).toHaveText(
      kb0 ? `Information about ${kb0} on the Microsoft Web site` : /Information/,
    );
    await page.keyboard.press('Escape');

    // Ctrl+A: the loaded rows (the server filtered them all); the footer says when more exist.
    await wu.cell(0, 'title').click();
    await page.keyboard.press('Control+a');
    await expect(wu.total).not.toHaveText(/^1 selected/);
    const text = (await wu.total.textContent()) ?? '';
    const [, selected, total] = /^(\d+) selected \/ (\d+) updates$/.exec(text)!.map(Number);
    expect(selected).toBeGreaterThan(1);
    expect(selected).toBeLessThanOrEqual(total!);
    await expect(page.getByTestId('grid-selection-loaded')).toHaveCount(selected! < total! ? 1 : 0);

    // A new filter is a new listing: nothing selected any more, nothing hidden.
    const title = (await wu.cell(1, 'title').textContent()) ?? '';
    await wu.search.fill(title);
    await expect(wu.total).toHaveText(/^0 selected \/ [1-9]\d* updates?$/);
    await expect(wu.cell(0, 'title')).toHaveText(title);
    await expect(page.getByTestId('grid-selection-hidden')).toHaveCount(0);
    expect(await selectedCount(page, 'updates-total')).toBe(0);
  });
});

test.describe('grid export through the toolkit', () => {
  test('the WUA rule packages export carries the provenance preamble and the SHA-256 of the file', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const rules = new WuaRulesPage(page);
    await rules.tab.click();
    await expect(rules.gridRow('demo-waptwua-pilot')).toBeVisible();
    const shownRows = await rules.grid.locator('.ag-row').count();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^wua-rule-packages-\d{4}-\d{2}-\d{2}T\d{6}Z\.csv$/);
    const bytes = readFileSync(await download.path());
    const lines = bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('# WUA rule packages');
    expect(lines[1]).toMatch(/^# Generator: WAPT Console \S+$/);
    expect(lines[2]).toMatch(/^# Server: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[3]).toMatch(/^"# Query: \{""search"":"""",""lastVersionOnly"":true,""filter"":\{\}\}"$/);
    expect(lines[4]).toMatch(/^# Data as of: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z \(server time\)$/);
    expect(lines[6]).toMatch(/^# Rows: \d+$/);
    const rows = Number(/(\d+)$/.exec(lines[6]!)![1]);
    expect(rows).toBeGreaterThanOrEqual(Math.min(shownRows, 1));
    // The displayed columns in order (other columns, e.g. a signature status, may sit between them).
    expect(lines[7]).toMatch(/^Package,Version,.*Maturity,Description,Signer,.*Signed on/);
    expect(lines.slice(8).some((l) => l.startsWith('demo-waptwua-pilot,'))).toBe(true);
    // One line per row, then the final CRLF.
    expect(lines).toHaveLength(8 + rows + 1);
    // The SHA-256 shown is the file's own (what sha256sum prints), computed here from the bytes.
    const sha = createHash('sha256').update(bytes).digest('hex');
    await expect(page.getByTestId('export-receipt')).toContainText(
      `${rows} ${rows === 1 ? 'row' : 'rows'} exported to wua-rule-packages-`,
    );
    await expect(page.getByTestId('export-sha256')).toHaveText(sha);
  });
});

import { WindowsUpdatesPage } from '../pages/windows-updates-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';
import { AGENTS_WAIT, settledColumn } from '../support/waits';

/** "0 selected / 123 updates" → 123 */
async function totalOf(wu: WindowsUpdatesPage): Promise<number> {
  const text = (await wu.total.textContent()) ?? '';
  const m = /\/\s*(\d+)/.exec(text);
  if (!m) throw new Error(`no total in ${text}`);
  return Number(m[1]);
}

test.describe('windows-updates', () => {
  test('facets (products, severity, cache state, text) change the server-paged grid', async ({
    page,
    consoleApp,
  }, testInfo) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const wu = new WindowsUpdatesPage(page);
    await wu.tab.click();
    await expect(wu.row(0)).toBeVisible();
    await expect(wu.total).toHaveText(/\/ \d+ updates/);
    const all = await totalOf(wu);
    expect(all).toBeGreaterThan(100);
    await expect(wu.status).toContainText('Data as of');
    await expect(wu.readOnlyBadge).toHaveText('Read-only (no key unlocked)');

    // Uncheck all products: nothing matches; then one product: exactly its count, only its rows.
    await wu.facetButton('products', 'Uncheck all').click();
    await expect(wu.total).toContainText('/ 0 updates');
    await expect(wu.rows).toHaveCount(0);
    const win11 = wu.product('Windows 11');
    await win11.check();
    const count = Number(await wu.productCount('Windows 11').textContent());
    await expect(wu.total).toContainText(`/ ${count} updates`);
    await settledColumn(wu.grid, 'product', (p) => p === 'Windows 11');

    // Critical only narrows it further, every row is Critical.
    await wu.facetButton('severities', 'Critical only').click();
    await expect(wu.total).not.toContainText(`/ ${count} updates`);
    const critical = await totalOf(wu);
    expect(critical).toBeGreaterThan(0);
    expect(critical).toBeLessThan(count);
    await settledColumn(wu.grid, 'severity', (s) => s === 'Critical');
    await testInfo.attach('windows-updates-facets', {
      body: await page.screenshot(),
      contentType: 'image/png',
    });

    // Free text: a KB of the grid finds that update.
    const kb = ((await wu.cell(0, 'kbids').textContent()) ?? '').split(',')[0]!.trim();
    expect(kb).toMatch(/^KB\d+$/);
    await wu.search.fill(kb);
    // (x86 and x64 editions can share a KB.)
    await expect(wu.total).toHaveText(/\/ [1-4] updates?/);
    await settledColumn(wu.grid, 'kbids', (t) => t.includes(kb));

    // Back to everything, then "not cached yet": "Downloaded on" is empty on every row.
    await wu.search.fill('');
    await wu.facetButton('severities', 'All severities').click();
    await wu.facetButton('products', 'Check all').click();
    await expect(wu.total).toContainText(`/ ${all} updates`);
    await wu.cache('Not cached yet').check();
    await expect(wu.total).not.toContainText(`/ ${all} updates`);
    expect(await totalOf(wu)).toBeLessThan(all);
    // Cells of rows still loading are empty too: wait for the titles, then read "Downloaded on".
    await settledColumn(wu.grid, 'title', (t) => t !== '');
    await settledColumn(wu.grid, 'downloaded_on', (t) => t === '');
  });

  test('the context menu downloads a selected update on the server and "Downloaded on" fills in; Del deletes the cached files', async ({
    page,
    consoleApp,
    context,
  }, testInfo) => {
    await context.route('https://support.microsoft.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>KB</title>' }),
    );
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const wu = new WindowsUpdatesPage(page);
    await wu.tab.click();
    await expect(wu.row(0)).toBeVisible();
    await expect(wu.total).toHaveText(/\/ \d+ updates/);
    const all = await totalOf(wu);

    // Read-only: the menu offers the actions but disabled.
    await wu.cell(0, 'title').click({ button: 'right' });
    await expect(wu.menu).toBeVisible();
    await expect(wu.menuItem('download')).toBeDisabled();
    await expect(wu.menuItem('delete')).toBeDisabled();
    await page.keyboard.press('Escape');
    await expect(wu.menu).toHaveCount(0);

    await wu.unlockButton.click();
    await wu.unlockDialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(wu.readOnlyBadge).toHaveCount(0);

    await wu.cache('Not cached yet').check();
    await expect(wu.total).not.toContainText(`/ ${all} updates`);
    // The grid draws the filtered rows after the total changes: wait until every drawn row is an
    // update not cached yet, then act on one update by its title (never on "row 0", which the grid
    // may still be redrawing).
    await settledColumn(wu.grid, 'title', (t) => t !== '');
    await settledColumn(wu.grid, 'downloaded_on', (t) => t === '');
    const first = await wu.grid.evaluate((grid) => {
      const cell = (col: string) =>
        grid.querySelector(`[row-index="0"] [col-id="${col}"]`)?.textContent?.trim() ?? '';
      return { title: cell('title'), kbids: cell('kbids') };
    });
    const { title } = first;
    const kb = first.kbids.split(',')[0]!.trim();
    expect(title).not.toBe('');
    const target = wu.rows.locator('[col-id="title"]').getByText(title, { exact: true }).first();

    // Right-click → keyboard-accessible menu (focus on the first item, arrows move) → Download → confirm.
    await target.click({ button: 'right' });
    await expect(wu.menuItem('download')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(wu.menuItem('delete')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(wu.menuItem('download')).toHaveText('Download selected on the server (1)');
    await page.keyboard.press('Enter');
    await expect(wu.confirmDialog).toContainText('Download 1 Windows update on the server?');
    await wu.confirmDialog.getByRole('button', { name: 'Download' }).click();
    await expect(wu.notice).toContainText('1 download task queued');

    // Show it among all updates: once the server task is done the grid reloads and "Downloaded on" fills in.
    await wu.cache('All').check();
    await wu.search.fill(title);
    await expect(wu.cell(0, 'title')).toHaveText(title);
    await expect(wu.cell(0, 'downloaded_on')).not.toHaveText('', { timeout: AGENTS_WAIT });
    await testInfo.attach('windows-updates', { body: await page.screenshot(), contentType: 'image/png' });

    // Information about the KB: main refuses to open a browser in browser mode, the page opens it.
    await wu.cell(0, 'title').click();
    await wu.actionsButton.click();
    await expect(wu.menuItem('kb')).toHaveText(`Information about ${kb} on the Microsoft Web site`);
    const popup = page.waitForEvent('popup');
    await wu.menuItem('kb').click();
    expect((await popup).url()).toBe(`https://support.microsoft.com/help/${kb.slice(2)}`);

    // Del on the grid → confirmation → the cache entry is gone.
    await wu.cell(0, 'title').click();
    await page.keyboard.press('Delete');
    await expect(wu.confirmDialog).toContainText(
      'Delete the cached files of 1 Windows update on the server?',
    );
    await wu.confirmDialog.getByRole('button', { name: 'Delete' }).click();
    await expect(wu.notice).toContainText('Cached files deleted');
    await expect(wu.cell(0, 'downloaded_on')).toHaveText('');
  });
});

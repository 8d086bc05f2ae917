import { WindowsUpdatesPage } from '../pages/windows-updates-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

/** "0 selected / 123 updates" → 123 */
async function totalOf(wu: WindowsUpdatesPage): Promise<number> {
  const text = (await wu.total.textContent()) ?? '';
  const m = /\/\s*(\d+)/.exec(text);
  if (!m) throw new Error(`no total in ${text}`);
  return Number(m[1]);
}

async function columnTexts(wu: WindowsUpdatesPage, colId: string): Promise<string[]> {
  return wu.rows.locator(`[col-id="${colId}"]`).allTextContents();
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
    await expect(wu.cell(0, 'product')).toHaveText('Windows 11');
    expect(new Set(await columnTexts(wu, 'product'))).toEqual(new Set(['Windows 11']));

    // Critical only narrows it further, every row is Critical.
    await wu.facetButton('severities', 'Critical only').click();
    await expect(wu.total).not.toContainText(`/ ${count} updates`);
    const critical = await totalOf(wu);
    expect(critical).toBeGreaterThan(0);
    expect(critical).toBeLessThan(count);
    expect(new Set(await columnTexts(wu, 'severity'))).toEqual(new Set(['Critical']));
    await testInfo.attach('windows-updates-facets', {
      body: await page.screenshot(),
      contentType: 'image/png',
    });

    // Free text: a KB of the grid finds that update.
    const kb = ((await wu.cell(0, 'kbids').textContent()) ?? '').split(',')[0]!.trim();
    expect(kb).toMatch(/^KB\d+$/);
    await wu.search.fill(kb);
    // (x86 and x64 editions can share a KB.)
    await expect(wu.total).toHaveText(/\/ [1-4] updates/);
    await expect(wu.cell(0, 'kbids')).toContainText(kb);
    expect((await columnTexts(wu, 'kbids')).every((t) => t.includes(kb))).toBe(true);

    // Back to everything, then "not cached yet": "Downloaded on" is empty on every row.
    await wu.search.fill('');
    await wu.facetButton('severities', 'All severities').click();
    await wu.facetButton('products', 'Check all').click();
    await expect(wu.total).toContainText(`/ ${all} updates`);
    await wu.cache('Not cached yet').check();
    await expect(wu.total).not.toContainText(`/ ${all} updates`);
    expect(await totalOf(wu)).toBeLessThan(all);
    expect((await columnTexts(wu, 'downloaded_on')).every((t) => t === '')).toBe(true);
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
    await expect(wu.cell(0, 'title')).not.toHaveText('');
    await expect(wu.cell(0, 'downloaded_on')).toHaveText('');
    const kb = ((await wu.cell(0, 'kbids').textContent()) ?? '').split(',')[0]!.trim();
    const title = (await wu.cell(0, 'title').textContent()) ?? '';

    // Right-click → keyboard-accessible menu (focus on the first item, arrows move) → Download → confirm.
    await wu.cell(0, 'title').click({ button: 'right' });
    await expect(wu.menuItem('download')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(wu.menuItem('delete')).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(wu.menuItem('download')).toHaveText('Download selected on the server (1)');
    await page.keyboard.press('Enter');
    await expect(wu.confirmDialog).toContainText('Download 1 Windows updates on the server?');
    await wu.confirmDialog.getByRole('button', { name: 'Download' }).click();
    await expect(wu.notice).toContainText('1 download task(s) queued');

    // Show it among all updates: once the server task is done the grid reloads and "Downloaded on" fills in.
    await wu.cache('All').check();
    await wu.search.fill(title);
    await expect(wu.cell(0, 'title')).toHaveText(title);
    await expect(wu.cell(0, 'downloaded_on')).not.toHaveText('', { timeout: 30_000 });
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
    await expect(wu.confirmDialog).toContainText('Delete 1 Windows updates cached files on server?');
    await wu.confirmDialog.getByRole('button', { name: 'Delete' }).click();
    await expect(wu.notice).toContainText('Cached files deleted');
    await expect(wu.cell(0, 'downloaded_on')).toHaveText('');
  });
});

import type { Locator, Page } from '@playwright/test';
import type { ServerProfileName } from '../../../server/http/context';
import { SERVER_PROFILES, startTestServer, TEST_ADMIN_PASSWORD } from '../../support/reference-server';
import { HostsPage } from '../pages/hosts-page';
import { LoginPage } from '../pages/login-page';
import { expect, test } from './fixtures';
import { SERVER_START_WAIT } from './waits';

/**
 * The server profiles the hosts and host-details flows run against: the reference server with its
 * extensions, and the strict `wapt-1.8.2` profile that behaves like a genuine WAPT 1.8.2 server
 * (limit-only hosts listing, no total, community edition). A new profile is one line in
 * test/support/reference-server.ts (SERVER_PROFILES).
 */
export const E2E_SERVER_PROFILES: readonly ServerProfileName[] = SERVER_PROFILES;

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export function startProfileServer(profile: ServerProfileName, hosts: number): Promise<TestServer> {
  return startTestServer({ hosts, profile, speed: 400 });
}

/** Logs in from the login screen to a server by URL and waits until the first hosts row is visible. */
export async function loginToServer(page: Page, url: string): Promise<HostsPage> {
  const login = new LoginPage(page);
  await login.serverUrl.fill(url);
  await login.user.fill('admin');
  await login.password.fill(TEST_ADMIN_PASSWORD);
  await login.connectButton.click();
  const hosts = new HostsPage(page);
  await expect(hosts.row(0)).toBeVisible({ timeout: SERVER_START_WAIT });
  // A server-paged grid first draws a placeholder row while its first block loads: wait for data.
  await expect(hosts.cell(0, 'computer_fqdn')).toHaveText(/\S/);
  return hosts;
}

/** Rows of a grid that are really on screen: a non-zero box inside the grid's own box, below its header. */
export function visibleRowCount(grid: Locator): Promise<number> {
  return grid.evaluate((host) => {
    const box = host.getBoundingClientRect();
    const header = host.querySelector('.ag-header')?.getBoundingClientRect();
    const top = header ? header.bottom : box.top;
    const indices = new Set<string>();
    for (const r of host.querySelectorAll('.ag-row[row-index]')) {
      const b = r.getBoundingClientRect();
      if (b.height > 0 && b.width > 0 && b.bottom > top && b.top < box.bottom)
        indices.add(r.getAttribute('row-index')!);
    }
    return indices.size;
  });
}

/**
 * Per row of a full read, on top of the test's own timeout: a read of N rows scrolls about N / 20
 * screens, each of which may wait for one block from the server on a saturated machine.
 */
const READ_MS_PER_ROW = 250;

/** Scrolls the grid's vertical scroller (the first scrollable ancestor of its rows) to `y`. */
export function scrollGridTo(grid: Locator, y: number): Promise<void> {
  return grid.evaluate((host, top) => {
    let el = host.querySelector('.ag-row')?.parentElement ?? null;
    while (el && el !== host) {
      const style = getComputedStyle(el);
      if (el.scrollHeight > el.clientHeight + 1 && /(auto|scroll)/.test(style.overflowY)) break;
      el = el.parentElement;
    }
    if (el && el !== host) el.scrollTop = top;
  }, y);
}

interface RenderedStep {
  /** Rendered rows whose cell in the column has its data: row index → text. */
  rows: [number, string][];
}

/**
 * One step of a full read, inside the page: puts row `first` at the top of the grid's viewport and
 * resolves once that row and the rows after it on screen are rendered with data (watched with a
 * MutationObserver, so it answers as soon as the grid has drawn them), or after `capMs` with
 * whatever is rendered by then. The scroll is re-applied while waiting: an infinite row model
 * that is still loading its first block has a one-row viewport, which clamps the scroll to 0 until
 * the block arrives.
 */
function renderStep(grid: Locator, colId: string, first: number, last: number): Promise<RenderedStep> {
  return grid.evaluate(
    (host, { col, first, last, capMs }) =>
      new Promise<RenderedStep>((resolve) => {
        const scroller = (): HTMLElement | null => {
          let el = host.querySelector('.ag-row')?.parentElement ?? null;
          while (el && el !== host) {
            const style = getComputedStyle(el);
            if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1) return el;
            el = el.parentElement;
          }
          return null;
        };
        const rowHeight = () => host.querySelector('.ag-row[row-index]')?.getBoundingClientRect().height ?? 0;
        const read = (): [number, string][] =>
          [...host.querySelectorAll('.ag-row[row-index]')].flatMap((r): [number, string][] => {
            const text = r.querySelector(`[col-id="${col}"]`)?.textContent ?? '';
            return text === '' ? [] : [[Number(r.getAttribute('row-index')), text]];
          });
        const check = () => {
          const el = scroller();
          const h = rowHeight();
          if (el && h > 0 && Math.abs(el.scrollTop - first * h) >= 1) el.scrollTop = first * h;
          const rows = read();
          const have = new Set(rows.map(([i]) => i));
          for (let i = first; i <= last; i++) if (!have.has(i)) return false;
          finish(rows);
          return true;
        };
        const observer = new MutationObserver(() => void check());
        const cap = setTimeout(() => finish(read()), capMs);
        let done = false;
        function finish(rows: [number, string][]) {
          if (done) return;
          done = true;
          observer.disconnect();
          clearTimeout(cap);
          resolve({ rows });
        }
        if (!check())
          observer.observe(host, { subtree: true, childList: true, characterData: true, attributes: true });
      }),
    // The cap only bounds one round trip: the caller polls again until the step is complete.
    { col: colId, first, last, capMs: 2_000 },
  );
}

/**
 * Every row's value of one column, in row order, read by scrolling the grid screen by screen and
 * waiting, at each screen, for the grid's own rendering of those rows (application state, never a
 * fixed delay). Each step starts at the first row not read yet, so the rows the grid renders
 * beyond the screen (its row buffer) are not read twice. The test's timeout grows with the number
 * of rows; each step has the expect timeout (playwright.config.ts) to get its rows.
 */
export async function readAllRows(hosts: HostsPage, colId: string, total: number): Promise<string[]> {
  test.info().setTimeout(test.info().timeout + total * READ_MS_PER_ROW);
  const perScreen = Math.max(1, (await visibleRowCount(hosts.grid)) - 1);
  const seen = new Map<number, string>();
  let first = 0;
  while (first < total) {
    const last = Math.min(total, first + perScreen) - 1;
    await expect
      .poll(
        async () => {
          for (const [i, v] of (await renderStep(hosts.grid, colId, first, last)).rows) seen.set(i, v);
          for (let i = first; i <= last; i++) if (!seen.has(i)) return `row ${i} of ${total} not rendered`;
          return 'rendered';
        },
        { message: `rows ${first}–${last} of the hosts grid rendered with their ${colId}` },
      )
      .toBe('rendered');
    while (seen.has(first)) first++;
  }
  await scrollGridTo(hosts.grid, 0);
  await expect(hosts.row(0)).toBeVisible();
  return Array.from({ length: total }, (_, i) => seen.get(i)!);
}

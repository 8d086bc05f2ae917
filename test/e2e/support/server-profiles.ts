import type { Locator, Page } from '@playwright/test';
import type { ServerProfileName } from '../../../server/http/context';
import { SERVER_PROFILES, startTestServer, TEST_ADMIN_PASSWORD } from '../../support/reference-server';
import { HostsPage } from '../pages/hosts-page';
import { LoginPage } from '../pages/login-page';
import { expect } from './fixtures';

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
  await expect(hosts.row(0)).toBeVisible({ timeout: 60_000 });
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

/**
 * Every row's value of one column, in row order, read by scrolling the grid screen by screen and
 * waiting (on the DOM, not on time) until each screen's rows are rendered with their data.
 */
export async function readAllRows(hosts: HostsPage, colId: string, total: number): Promise<string[]> {
  const rowHeight = await hosts.row(0).evaluate((r) => r.getBoundingClientRect().height);
  const perScreen = Math.max(1, (await visibleRowCount(hosts.grid)) - 1);
  const seen = new Map<number, string>();
  const readRendered = () =>
    hosts.grid.evaluate((host, col) => {
      return [...host.querySelectorAll('.ag-row[row-index]')].flatMap((r) => {
        const cell = r.querySelector(`[col-id="${col}"]`);
        return cell ? [{ i: Number(r.getAttribute('row-index')), v: cell.textContent ?? '' }] : [];
      });
    }, colId);
  for (let start = 0; start < total; start += perScreen) {
    await scrollGridTo(hosts.grid, start * rowHeight);
    const end = Math.min(total, start + perScreen);
    await expect
      .poll(async () => {
        for (const { i, v } of await readRendered()) if (v !== '') seen.set(i, v);
        for (let i = start; i < end; i++) if (!seen.has(i)) return false;
        return true;
      })
      .toBe(true);
  }
  await scrollGridTo(hosts.grid, 0);
  await expect(hosts.row(0)).toBeVisible();
  return Array.from({ length: total }, (_, i) => seen.get(i)!);
}

import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConsole } from '../test/e2e/support/browser-mode';
import { BENCH_ADMIN_PASSWORD, startBenchFleet, startBenchFleetProcess } from './fleets';
import { timeOnce, type BenchCase, type Comparison } from './lib';

/**
 * Issue 5: time from clicking "Connect" on the login screen to the first hosts rows visible in the
 * grid, in Debian's Chromium driving the real console (browser mode), against the reference
 * server at 500 and at 50,000 hosts. Goal: the 50k figure at most 1.3× the 500 figure.
 */
const SIZES = [500, 50_000] as const;
const RUNS = 5;
/**
 * The client-side sort and search at 500 hosts take 150–250 ms and vary by up to 40 % from one
 * run to the next (timer and frame granularity weigh on them), which moved a median of five across
 * the 2× goal and back on the same build: their median is taken over more runs.
 */
const CLIENT_RUNS = 9;

async function measure(browser: Browser, serverUrl: string): Promise<number> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'wapt-bench-console-'));
  const app = await startConsole({ userDataDir });
  const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  try {
    const times: number[] = [];
    await page.goto(app.url);
    await page.waitForSelector('body[data-app-state="ready"]');
    for (let i = 0; i <= RUNS; i++) {
      await page.locator('input[name="serverUrl"]').waitFor();
      await page.locator('input[name="serverUrl"]').fill(serverUrl);
      await page.locator('input[name="user"]').fill('admin');
      await page.locator('input[name="password"]').fill(BENCH_ADMIN_PASSWORD);
      const ms = await timeOnce(async () => {
        await page.locator('form button[type="submit"]').click();
        await page.waitForSelector(
          '[data-testid="hosts-grid"] .ag-row[row-index="0"] [col-id="computer_fqdn"]:not(:empty)',
          { timeout: 120_000 },
        );
      });
      if (i > 0) times.push(ms); // the first run warms caches
      await page.getByRole('button', { name: 'Disconnect' }).click();
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)]!;
  } finally {
    await page.close();
    await app.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/**
 * Waits until the page is idle and has been for SETTLE_MS: a sort or a search is timed on its own,
 * not while the listing's arrival still runs (AG Grid taking 50,000 rows, the quick filter's index,
 * the collection of the answer's garbage, and the columns' ranking in the background, about 1.2 s
 * at 50,000 hosts: grids/fast-sort-rows.ts), which a person would not click through. Same wait at
 * both sizes.
 */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve())));
  await page.waitForTimeout(SETTLE_MS);
}
const SETTLE_MS = 500;

/** The fleet's first and last FQDN in ascending order, read from the server (what a sort must show first). */
async function fqdnBounds(serverUrl: string): Promise<{ min: string; max: string }> {
  const auth = Buffer.from(`admin:${BENCH_ADMIN_PASSWORD}`).toString('base64');
  const res = await fetch(`${serverUrl}/api/v1/hosts?columns=computer_fqdn&limit=1000000`, {
    headers: { Authorization: `Basic ${auth}`, Accept: 'application/json' },
  });
  const rows = ((await res.json()) as { result: { computer_fqdn: string | null }[] }).result
    .map((r) => r.computer_fqdn ?? '')
    .sort();
  return { min: rows[0]!, max: rows[rows.length - 1]! };
}

interface ClientTimes {
  login: number;
  /** Login → the whole listing loaded (information: the genuine server's own time dominates it). */
  loaded: number;
  sort: number;
  search: number;
}

/**
 * Issue 10: the client-side mode (a server that does not page, here the strict `wapt-1.8.2`
 * profile) with "maximum hosts to display" = 50,000: login → first rows visible, a click on the
 * FQDN header → the smallest FQDN in the first row, and a quick-filter search for one host → one
 * row shown. Medians of CLIENT_RUNS, after one warm-up run; the sort and the search each start once
 * the page has settled (settle).
 */
async function measureClient(browser: Browser, serverUrl: string): Promise<ClientTimes> {
  const { min } = await fqdnBounds(serverUrl);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'wapt-bench-console-'));
  writeFileSync(
    path.join(userDataDir, 'settings.json'),
    JSON.stringify({ schemaVersion: 1, settings: { hostsDisplayLimit: 50_000 } }),
  );
  const app = await startConsole({ userDataDir });
  const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  const fqdnHeader = '[data-testid="hosts-grid"] .ag-header-cell[col-id="computer_fqdn"]';
  const firstFqdn = '[data-testid="hosts-grid"] .ag-row[row-index="0"] [col-id="computer_fqdn"]';
  try {
    const times: ClientTimes[] = [];
    await page.goto(app.url);
    await page.waitForSelector('body[data-app-state="ready"]');
    for (let i = 0; i <= CLIENT_RUNS; i++) {
      await page.locator('input[name="serverUrl"]').waitFor();
      await page.locator('input[name="serverUrl"]').fill(serverUrl);
      await page.locator('input[name="user"]').fill('admin');
      await page.locator('input[name="password"]').fill(BENCH_ADMIN_PASSWORD);
      const t0 = performance.now();
      await page.locator('form button[type="submit"]').click();
      await page.waitForSelector(`${firstFqdn}:not(:empty)`, { timeout: 300_000 });
      const login = performance.now() - t0;
      // Sort and search are measured on the whole listing: wait until it is in (grid no longer busy).
      await page.waitForSelector('[data-testid="hosts-grid"][aria-busy="false"]', { timeout: 600_000 });
      const loaded = performance.now() - t0;
      if ((await page.locator('.hosts-tab').getAttribute('data-hosts-mode')) !== 'client')
        throw new Error('the console did not use the client-side mode against the strict profile');
      await settle(page);
      const sort = await timeOnce(async () => {
        await page.locator(`${fqdnHeader} .ag-header-cell-label`).click();
        await page.waitForFunction(
          ([sel, text]) => document.querySelector(sel)?.textContent === text,
          [firstFqdn, min] as const,
          { timeout: 120_000 },
        );
      });
      await settle(page);
      const search = await timeOnce(async () => {
        await page.locator('input[name="hostsQuickFilter"]').fill(min);
        await page.waitForFunction(
          () => /^1 /.test(document.querySelector('[data-testid="hosts-shown"]')?.textContent ?? ''),
          undefined,
          { timeout: 120_000 },
        );
      });
      if (i > 0) times.push({ login, loaded, sort, search });
      // Leave the layout unsorted for the next run (the sort is saved with the grid layout).
      await page.locator('input[name="hostsQuickFilter"]').fill('');
      for (const next of ['descending', 'none']) {
        await page.locator(`${fqdnHeader} .ag-header-cell-label`).click();
        await page.waitForSelector(`${fqdnHeader}[aria-sort="${next}"]`);
      }
      await page.getByRole('button', { name: 'Disconnect' }).click();
    }
    const median = (k: keyof ClientTimes) => {
      const v = times.map((x) => x[k]).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)]!;
    };
    return {
      login: median('login'),
      loaded: median('loaded'),
      sort: median('sort'),
      search: median('search'),
    };
  } finally {
    await page.close();
    await app.stop();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

const bench: BenchCase = {
  name: 'console: hosts grid in Chromium (browser mode), 500 vs 50,000 hosts: server-paged login, client-side login / sort / search',
  async run(): Promise<Comparison[]> {
    const browser = await chromium.launch({
      executablePath: process.env.WAPT_CONSOLE_BROWSER ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    const medians = new Map<number, number>();
    const client = new Map<number, ClientTimes>();
    try {
      for (const hosts of SIZES) {
        const server = await startBenchFleet(hosts, (l) => console.log(l));
        try {
          const ms = await measure(browser, server.url);
          medians.set(hosts, ms);
          console.log(`  ${hosts} hosts, server-paged: login → first rows median ${ms.toFixed(0)} ms`);
        } finally {
          await server.close();
        }
        const strict = await startBenchFleetProcess(hosts, 'wapt-1.8.2');
        try {
          const c = await measureClient(browser, strict.url);
          client.set(hosts, c);
          console.log(
            `  ${hosts} hosts, client-side (wapt-1.8.2 profile): login → first rows ${c.login.toFixed(0)} ms, → all ${hosts} loaded ${c.loaded.toFixed(0)} ms, sort ${c.sort.toFixed(0)} ms, search ${c.search.toFixed(0)} ms (medians)`,
          );
        } finally {
          await strict.close();
        }
      }
    } finally {
      await browser.close();
    }
    const big = client.get(50_000)!;
    const small = client.get(500)!;
    return [
      {
        subject: { label: 'login → first rows @50k', ms: medians.get(50_000)! },
        reference: { label: '@500', ms: medians.get(500)! },
        goal: 1.3,
      },
      {
        subject: { label: 'client-side: login → first rows @50k', ms: big.login },
        reference: { label: '@500', ms: small.login },
        goal: 2,
      },
      {
        subject: { label: 'client-side: sort by FQDN @50k', ms: big.sort },
        reference: { label: '@500', ms: small.sort },
        goal: 2,
      },
      {
        subject: { label: 'client-side: quick-filter search @50k', ms: big.search },
        reference: { label: '@500', ms: small.search },
        goal: 2,
      },
    ];
  },
};

export default bench;

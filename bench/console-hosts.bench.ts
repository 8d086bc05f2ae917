import { chromium, type Browser } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startConsole } from '../test/e2e/support/browser-mode';
import { BENCH_ADMIN_PASSWORD, startBenchFleet } from './fleets';
import { timeOnce, type BenchCase, type Comparison } from './lib';

/**
 * Issue 5: time from clicking "Connect" on the login screen to the first hosts rows visible in the
 * grid, in Debian's Chromium driving the real console (browser mode), against the reference
 * server at 500 and at 50,000 hosts. Goal: the 50k figure at most 1.3× the 500 figure.
 */
const SIZES = [500, 50_000] as const;
const RUNS = 5;

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

const bench: BenchCase = {
  name: 'console: login to first hosts rows visible (Chromium, browser mode), 500 vs 50,000 hosts',
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
    try {
      for (const hosts of SIZES) {
        const server = await startBenchFleet(hosts, (l) => console.log(l));
        try {
          const ms = await measure(browser, server.url);
          medians.set(hosts, ms);
          console.log(`  ${hosts} hosts: login → first rows median ${ms.toFixed(0)} ms`);
        } finally {
          await server.close();
        }
      }
    } finally {
      await browser.close();
    }
    return [
      {
        subject: { label: 'login → first rows @50k', ms: medians.get(50_000)! },
        reference: { label: '@500', ms: medians.get(500)! },
        goal: 1.3,
      },
    ];
  },
};

export default bench;

import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/*
 * Waits on what the application shows, never on a delay (the suite must pass on a saturated
 * machine, `npm run test:e2e:load`). A grid's container says `aria-busy="true"` while it loads
 * (the server-paged grids while a block is asked for, the client-side hosts grid until the full
 * listing is in); rows are then drawn by the grid a little later, so the checks below poll the
 * rendered cells until they satisfy the test, with the expect timeout of playwright.config.ts.
 */

/**
 * Bounds for the few waits that are longer than the expect timeout (playwright.config.ts) because
 * the application itself has real work to do before the state appears. They are upper bounds for a
 * saturated machine, not estimates: a passing test never waits for them.
 */
/** A server starting: the embedded demo server's first login (it seeds its database) and first rows. */
export const SERVER_START_WAIT = 120_000;
/** Simulated agents or server tasks answering: host actions, downloads, host-package uploads. */
export const AGENTS_WAIT = 90_000;

/**
 * The texts of one column's rendered cells once the grid is not busy, has at least one row, and
 * every rendered cell passes `accept` (a cell still loading is empty and fails most predicates,
 * so the wait goes on until its data is drawn). Returns those texts.
 */
export async function settledColumn(
  grid: Locator,
  colId: string,
  accept: (text: string) => boolean,
  what = `every ${colId} cell as expected`,
): Promise<string[]> {
  let texts: string[] = [];
  await expect
    .poll(
      async () => {
        if ((await grid.getAttribute('aria-busy')) === 'true') return 'grid busy';
        texts = await grid.locator(`.ag-row [col-id="${colId}"]`).allTextContents();
        if (texts.length === 0) return 'no rows rendered';
        const bad = texts.find((t) => !accept(t));
        return bad === undefined ? 'settled' : `a row shows ${JSON.stringify(bad)}`;
      },
      { message: what },
    )
    .toBe('settled');
  return texts;
}

/** Loose view of the bridge the page exposes (typed in common/ipc/contract.ts). */
interface PageBridge {
  consoleBridge: {
    invoke(method: string, input: unknown): Promise<{ ok: boolean; value?: unknown }>;
  };
}

/** The hidden columns of a grid's layout as saved by the console (read through its bridge), or null. */
export function savedHiddenColumns(page: Page, gridId: string): Promise<string[] | null> {
  return page.evaluate(async (id) => {
    const res = await (window as unknown as PageBridge).consoleBridge.invoke('settings.getGridState', {
      gridId: id,
    });
    if (!res.ok || res.value === null) return null;
    return (res.value as { hiddenColumns?: string[] }).hiddenColumns ?? [];
  }, gridId);
}

/**
 * Waits until `done` is visible while long work reports progress in `progress` (a text that
 * changes as the work advances, such as "Generating hosts: 2,450 / 3,000"). It fails only when the
 * progress text stays the same for `stallMs`: on a saturated machine such work is slower, not
 * stuck, so a fixed bound on the whole work would be a bound on timing. When the progress element
 * is gone, `done` must show within `stallMs`.
 */
export async function waitWhileProgressing(
  done: Locator,
  progress: Locator,
  stallMs = SERVER_START_WAIT,
): Promise<void> {
  for (;;) {
    if (await done.isVisible()) return;
    const before = await progress.textContent({ timeout: 1_000 }).catch(() => null);
    if (before === null) {
      await expect(done).toBeVisible({ timeout: stallMs });
      return;
    }
    await expect
      .poll(
        async () =>
          (await done.isVisible()) ||
          (await progress.textContent({ timeout: 1_000 }).catch(() => null)) !== before,
        { timeout: stallMs, message: `the work made no progress after "${before}"` },
      )
      .toBe(true);
  }
}

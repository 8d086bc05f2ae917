import type { Locator } from '@playwright/test';
import { expect } from './fixtures';

/**
 * "Is it visible to a person?" checks for browser end-to-end tests. Finding an element in the
 * DOM proves nothing about what a person sees: a grid squeezed to 2 px still holds its rows. These
 * helpers measure bounding boxes instead, clipped by every scrolling or clipping ancestor (a
 * dialog body, a panel, the window).
 */

export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface GridVisibility {
  /** Height of the grid's scrolling body (where rows are drawn), in CSS pixels. */
  viewportHeight: number;
  /** Height of one body row. */
  rowHeight: number;
  /** Rows whose whole box a person sees (inside the body, the clipping ancestors and the window). */
  visibleRows: number;
  /** Rows the grid has rendered in the DOM (visible or not). */
  renderedRows: number;
  /** Rows the grid holds (aria-rowcount minus header rows), or renderedRows when not given. */
  totalRows: number;
}

/**
 * Measures an AG Grid inside `host` (the element holding the grid). Runs in the page so every
 * rectangle is read in the same frame.
 */
export async function measureGrid(host: Locator): Promise<GridVisibility> {
  return host.evaluate((root) => {
    const clipOf = (el: Element): { top: number; bottom: number; left: number; right: number } => {
      let box = { top: 0, bottom: window.innerHeight, left: 0, right: window.innerWidth };
      for (let a: Element | null = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible' && !a.matches('[role="dialog"]'))
          continue;
        const r = a.getBoundingClientRect();
        box = {
          top: Math.max(box.top, r.top),
          bottom: Math.min(box.bottom, r.bottom),
          left: Math.max(box.left, r.left),
          right: Math.min(box.right, r.right),
        };
      }
      return box;
    };
    // AG Grid 36 scrolls header and rows in one `.ag-grid-viewport` (older: `.ag-body-viewport`);
    // the rows' visible band starts under the header.
    const viewport = root.querySelector('.ag-grid-viewport') ?? root.querySelector('.ag-body-viewport');
    if (!viewport) return { viewportHeight: 0, rowHeight: 0, visibleRows: 0, renderedRows: 0, totalRows: 0 };
    const vpBox = viewport.getBoundingClientRect();
    const clip = clipOf(viewport);
    const header = root.querySelector('.ag-header');
    const headerBottom = header ? header.getBoundingClientRect().bottom : vpBox.top;
    // A horizontal scrollbar, when shown, covers the bottom of the viewport.
    const hScroll = root.querySelector('.ag-body-horizontal-scroll');
    const hScrollTop =
      hScroll && hScroll.getBoundingClientRect().height > 0 ? hScroll.getBoundingClientRect().top : Infinity;
    const visibleBody = {
      top: Math.max(vpBox.top, headerBottom, clip.top),
      bottom: Math.min(vpBox.bottom, clip.bottom, hScrollTop),
    };
    // Pinned columns give a row several elements with the same row-index: count each index once.
    const byIndex = new Map<string, Element>();
    for (const row of root.querySelectorAll('.ag-row[row-index]')) {
      const key = row.getAttribute('row-index')!;
      const known = byIndex.get(key);
      if (!known || row.getBoundingClientRect().width > known.getBoundingClientRect().width)
        byIndex.set(key, row);
    }
    const rows = [...byIndex.values()];
    let rowHeight = 0;
    let visible = 0;
    for (const row of rows) {
      const r = row.getBoundingClientRect();
      if (r.height <= 0 || r.width <= 0) continue;
      rowHeight = Math.max(rowHeight, r.height);
      // A row counts when at least 90 % of it shows.
      const shown = Math.min(r.bottom, visibleBody.bottom) - Math.max(r.top, visibleBody.top);
      const style = getComputedStyle(row);
      if (shown >= r.height * 0.9 && style.visibility !== 'hidden' && style.display !== 'none') visible++;
    }
    const grid = root.querySelector('[aria-rowcount]');
    const ariaCount = grid ? Number(grid.getAttribute('aria-rowcount')) : NaN;
    const headerRows = root.querySelectorAll('.ag-header [role="row"]').length;
    const total = Number.isFinite(ariaCount) && ariaCount > 0 ? ariaCount - headerRows : rows.length;
    if (rowHeight === 0) {
      // No rows yet: measure the theme's row height (AG Grid's --ag-row-height) with a probe.
      const probe = document.createElement('div');
      probe.style.height = 'var(--ag-row-height)';
      probe.style.position = 'absolute';
      probe.style.visibility = 'hidden';
      (root.querySelector('.ag-root-wrapper') ?? root).appendChild(probe);
      rowHeight = probe.getBoundingClientRect().height;
      probe.remove();
    }
    return {
      viewportHeight: Math.max(0, visibleBody.bottom - visibleBody.top),
      rowHeight,
      visibleRows: visible,
      renderedRows: rows.length,
      totalRows: total,
    };
  });
}

/**
 * The grid's body is tall enough for `minRows` rows and a person sees at least
 * min(minRows, rows it holds) whole rows. Polls, since rows arrive with the data.
 */
export async function expectGridShowsRows(
  host: Locator,
  minRows = 8,
  /**
   * How many rows the grid must hold before it is judged. Without it an empty grid whose data has
   * not arrived yet passes at once (min(minRows, 0) = 0 rows to show); give it wherever the data
   * is known to have that many rows.
   */
  { holding = 0 }: { holding?: number } = {},
): Promise<GridVisibility> {
  let last: GridVisibility | undefined;
  await expect
    .poll(
      async () => {
        last = await measureGrid(host);
        const wanted = Math.min(minRows, last.totalRows);
        return (
          last.totalRows >= holding &&
          last.rowHeight > 0 &&
          last.viewportHeight >= minRows * last.rowHeight - 1 &&
          last.visibleRows >= wanted
        );
      },
      { message: `grid shows ${minRows} rows to a person` },
    )
    .toBe(true)
    .catch((e: unknown) => {
      throw new Error(`${String(e)}\nlast measure: ${JSON.stringify(last)}`);
    });
  return last!;
}

/** The visible box of an element: its rectangle clipped by its clipping ancestors and the window. */
export async function visibleBox(el: Locator): Promise<Box & { height: number; width: number }> {
  return el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    let box = { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    box = {
      top: Math.max(box.top, 0),
      bottom: Math.min(box.bottom, window.innerHeight),
      left: Math.max(box.left, 0),
      right: Math.min(box.right, window.innerWidth),
    };
    for (let a: Element | null = node.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const p = a.getBoundingClientRect();
      box = {
        top: Math.max(box.top, p.top),
        bottom: Math.min(box.bottom, p.bottom),
        left: Math.max(box.left, p.left),
        right: Math.min(box.right, p.right),
      };
    }
    return {
      ...box,
      height: Math.max(0, box.bottom - box.top),
      width: Math.max(0, box.right - box.left),
    };
  });
}

/**
 * The element's text is not cut: neither by an ellipsis (its content wider than its box) nor by a
 * clipping ancestor. Checks the element and, for an AG Grid cell, its value wrapper.
 */
export async function expectTextNotCut(el: Locator): Promise<void> {
  await expect(el, 'the element to check is on the page').toBeVisible();
  await expect
    .poll(
      () =>
        el.evaluate((node) => {
          const targets = [node, ...node.querySelectorAll('.ag-cell-value, .ag-cell-wrapper')];
          const cut = targets.some(
            (n) => (n as HTMLElement).scrollWidth > (n as HTMLElement).clientWidth + 1,
          );
          // Clipped by an ancestor with overflow hidden (e.g. the session line of the header).
          const r = node.getBoundingClientRect();
          let clipped = false;
          for (let a: Element | null = node.parentElement; a; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (style.overflowX === 'visible') continue;
            const p = a.getBoundingClientRect();
            if (r.right > p.right + 1 || r.left < p.left - 1) clipped = true;
          }
          if (r.right > window.innerWidth + 1) clipped = true;
          return cut || clipped
            ? `cut (${cut ? 'ellipsis' : 'clipped'}): "${node.textContent ?? ''}"`
            : 'whole';
        }),
      { message: 'text is shown whole' },
    )
    .toBe('whole');
  // (On failure, Playwright prints the last value: which text and why.)
}

/**
 * A grid in a dialog, as a person sees it: the dialog is on screen, the grid's whole box lies
 * inside the dialog's visible box (not pushed below its fold or past its edge), and the grid shows
 * its rows (`expectGridShowsRows`: a body at least `minRows` rows tall, min(minRows, rows held)
 * whole rows visible). Returns the last measure, so a test can also check how many rows it holds.
 */
export async function expectGridInDialog(
  dialog: Locator,
  grid: Locator,
  minRows = 8,
  options: { holding?: number } = {},
): Promise<GridVisibility> {
  await expect(dialog, 'the dialog is on screen').toBeVisible();
  await expect
    .poll(
      async () => {
        const d = await visibleBox(dialog);
        const g = await grid.boundingBox();
        if (!g || g.height === 0) return 'grid has no box';
        const inside =
          g.y >= d.top - 1 &&
          g.y + g.height <= d.bottom + 1 &&
          g.x >= d.left - 1 &&
          g.x + g.width <= d.right + 1;
        return inside
          ? 'inside'
          : `grid ${JSON.stringify(g)} outside dialog ${JSON.stringify({ top: d.top, bottom: d.bottom, left: d.left, right: d.right })}`;
      },
      { message: 'the grid lies inside its dialog' },
    )
    .toBe('inside');
  return expectGridShowsRows(grid, minRows, options);
}

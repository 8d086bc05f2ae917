import type { Locator, Page } from '@playwright/test';

/** Locators for the host-package dialogs (assign, groups, assign to group, promote) and the rollout panel. */
export class HostPackagesPage {
  constructor(private readonly page: Page) {}
  get assignDialog() {
    return this.page.getByTestId('assign-packages-dialog');
  }
  get operation() {
    return this.assignDialog.locator('select[name="assignOperation"]');
  }
  get packages() {
    return this.assignDialog.locator('input[name="assignPackages"]');
  }
  get group() {
    return this.assignDialog.locator('select[name="assignGroup"]');
  }
  get pickerSearch() {
    return this.assignDialog.locator('input[name="hostPickerSearch"]');
  }
  get pickerGrid() {
    return this.assignDialog.getByTestId('picker-grid');
  }
  pickerRows() {
    return this.pickerGrid.locator('.ag-row');
  }
  pickerCheckbox(index: number) {
    return this.pickerGrid.locator(`.ag-row[row-index="${index}"] input[type="checkbox"]`).first();
  }
  get pickerSelectAll() {
    return this.pickerGrid.locator('.ag-header-select-all input[type="checkbox"]');
  }
  get pickerAdd() {
    return this.assignDialog.getByTestId('picker-add');
  }
  get chosen() {
    return this.assignDialog.getByTestId('picker-chosen');
  }
  get start() {
    return this.page.getByTestId('assign-start');
  }
  get progressDialog() {
    return this.page.getByTestId('assign-progress-dialog');
  }
  get progressGrid() {
    return this.progressDialog.getByTestId('hostpkg-rows');
  }
  get summary() {
    return this.progressDialog.getByTestId('hostpkg-summary');
  }
  progressState(host: string): Locator {
    return this.progressGrid.locator('[role="row"]', { hasText: host }).locator('[col-id="state"]');
  }
  get applyNow() {
    return this.page.getByTestId('assign-apply-now');
  }
  get groupsDialog() {
    return this.page.getByTestId('groups-dialog');
  }
  get groupsGrid() {
    return this.groupsDialog.getByTestId('groups-grid');
  }
  get groupsNotice() {
    return this.page.getByTestId('groups-notice');
  }
  get toGroupDialog() {
    return this.page.getByTestId('assign-to-group-dialog');
  }
  get promoteDialog() {
    return this.page.getByTestId('promote-dialog');
  }
  get panel() {
    return this.page.getByTestId('package-hosts');
  }
  get panelGrid() {
    return this.panel.getByTestId('package-hosts-grid');
  }
  rollout(version: string, col: 'hosts' | 'ok' | 'pending' | 'error'): Locator {
    return this.panel.locator(
      `[data-testid="rollout"] tbody tr[data-version="${version}"] [data-col="${col}"]`,
    );
  }
  rolloutTotal(col: 'hosts' | 'ok' | 'pending' | 'error'): Locator {
    return this.panel.locator(`[data-testid="rollout"] tfoot [data-col="${col}"]`);
  }
}

/**
 * Rows of a grid really on screen: a non-zero box inside the grid's body viewport, inside every
 * clipping ancestor (a dialog's scrolling body) and inside the window.
 */
export function onScreenRows(grid: Locator): Promise<number> {
  return grid.evaluate((host) => {
    const clips: DOMRect[] = [new DOMRect(0, 0, window.innerWidth, window.innerHeight)];
    const header = host.querySelector('.ag-header')?.getBoundingClientRect();
    const box = host.getBoundingClientRect();
    clips.push(
      new DOMRect(
        box.left,
        header ? header.bottom : box.top,
        box.width,
        box.bottom - (header ? header.bottom : box.top),
      ),
    );
    for (let el = host.parentElement; el; el = el.parentElement) {
      if (/(auto|scroll|hidden)/.test(getComputedStyle(el).overflowY)) clips.push(el.getBoundingClientRect());
    }
    const top = Math.max(...clips.map((c) => c.top));
    const bottom = Math.min(...clips.map((c) => c.bottom));
    const left = Math.max(...clips.map((c) => c.left));
    const right = Math.min(...clips.map((c) => c.right));
    const seen = new Set<string>();
    for (const r of host.querySelectorAll('.ag-row[row-index]')) {
      const b = r.getBoundingClientRect();
      // Fully on screen: a person can read it.
      if (
        b.height > 0 &&
        Math.min(b.right, right) - Math.max(b.left, left) >= 100 &&
        b.top >= top - 1 &&
        b.bottom <= bottom + 1
      )
        seen.add(r.getAttribute('row-index')!);
    }
    return seen.size;
  });
}

/** How many rows of the grid's own row height fit on screen below its header (clipped by dialogs and the window). */
export function rowCapacity(grid: Locator): Promise<number> {
  return grid.evaluate((host) => {
    const header = host.querySelector('.ag-header')?.getBoundingClientRect();
    const row = host.querySelector('.ag-row')?.getBoundingClientRect();
    let bottom = Math.min(host.getBoundingClientRect().bottom, window.innerHeight);
    for (let el = host.parentElement; el; el = el.parentElement)
      if (/(auto|scroll|hidden)/.test(getComputedStyle(el).overflowY))
        bottom = Math.min(bottom, el.getBoundingClientRect().bottom);
    return header && row && row.height > 0 ? Math.floor((bottom - header.bottom) / row.height) : 0;
  });
}

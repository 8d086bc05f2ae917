import type { Page } from '@playwright/test';

/** Locators for the Windows Updates tab, its context menu, the download-task dialog and the cab history. */
export class WindowsUpdatesPage {
  constructor(private readonly page: Page) {}
  get tab() {
    return this.page.getByRole('tab', { name: 'Windows Updates' });
  }
  get grid() {
    return this.page.getByTestId('updates-grid');
  }
  get rows() {
    return this.grid.locator('[role="row"][row-index]');
  }
  row(index: number) {
    return this.grid.locator(`[role="row"][row-index="${index}"]`);
  }
  cell(index: number, colId: string) {
    return this.row(index).locator(`[col-id="${colId}"]`);
  }
  rowCheckbox(index: number) {
    return this.grid.locator(`[role="row"][row-index="${index}"] input[type="checkbox"]`).first();
  }
  get total() {
    return this.page.getByTestId('updates-total');
  }
  get status() {
    return this.page.getByTestId('updates-status');
  }
  get facets() {
    return this.page.getByTestId('wu-facets');
  }
  product(name: string) {
    return this.page.getByTestId('facet-products').getByRole('checkbox', { name, exact: true });
  }
  /** The update count shown beside a product. */
  productCount(name: string) {
    return this.page
      .getByTestId('facet-products')
      .locator('label')
      .filter({ has: this.page.getByRole('checkbox', { name, exact: true }) })
      .locator('.facet__count');
  }
  get productCheckboxes() {
    return this.page.getByTestId('facet-products').getByRole('checkbox');
  }
  facetButton(facet: 'products' | 'classifications' | 'severities', name: string) {
    return this.page.getByTestId(`facet-${facet}`).getByRole('button', { name, exact: true });
  }
  severity(label: string) {
    return this.page.getByTestId('facet-severities').getByRole('checkbox', { name: label, exact: true });
  }
  cache(label: string) {
    return this.page.getByTestId('facet-cache').getByRole('radio', { name: label });
  }
  get search() {
    return this.page.locator('input[name="wuSearch"]');
  }
  get actionsButton() {
    return this.page
      .getByRole('toolbar', { name: 'Windows Updates' })
      .getByRole('button', { name: 'Actions' });
  }
  get menu() {
    return this.page.getByTestId('updates-menu');
  }
  menuItem(id: 'download' | 'delete' | 'kb') {
    return this.menu.locator(`[data-menu-item="${id}"]`);
  }
  get confirmDialog() {
    return this.page.getByTestId('confirm-dialog');
  }
  get notice() {
    return this.page.getByTestId('wu-notice');
  }
  get downloadCab() {
    return this.page.getByRole('button', { name: 'Download wsusscn2.cab' });
  }
  get showTasks() {
    return this.page.getByRole('button', { name: 'Show download tasks' });
  }
  get tasksDialog() {
    return this.page.getByTestId('download-tasks-dialog');
  }
  get tasksGrid() {
    return this.page.getByTestId('download-tasks-grid');
  }
  get tasksProgress() {
    return this.page.getByTestId('tasks-progress');
  }
  get cabHistoryGrid() {
    return this.page.getByTestId('cab-history-grid');
  }
  get readOnlyBadge() {
    return this.page.getByTestId('read-only-badge');
  }
  get unlockButton() {
    return this.page.getByTestId('key-badge').getByRole('button', { name: /Unlock/ });
  }
  get unlockDialog() {
    return this.page.getByTestId('unlock-key-dialog');
  }
  get exportCsv() {
    return this.page
      .getByRole('toolbar', { name: 'Windows Updates' })
      .getByRole('button', { name: 'Export CSV' });
  }
  get exportReceipt() {
    return this.page.getByTestId('export-receipt');
  }
  get exportSha256() {
    return this.page.getByTestId('export-sha256');
  }
  get health() {
    return this.page.getByTestId('catalog-health');
  }
}

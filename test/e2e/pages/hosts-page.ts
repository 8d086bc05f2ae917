import type { Locator, Page } from '@playwright/test';

/** Locators for the hosts tab, the host details panel and the host-action dialogs. */
export class HostsPage {
  constructor(private readonly page: Page) {}
  get grid() {
    return this.page.getByTestId('hosts-grid');
  }
  // AG Grid 36: body rows are `.ag-row` (header rows are not), cells carry `col-id`.
  row(index: number) {
    return this.grid.locator(`.ag-row[row-index="${index}"]`).first();
  }
  get rows() {
    return this.grid.locator('.ag-row');
  }
  cell(index: number, colId: string) {
    return this.grid.locator(`.ag-row[row-index="${index}"] [col-id="${colId}"]`);
  }
  columnTexts(colId: string) {
    return this.grid.locator(`.ag-row [col-id="${colId}"]`).allTextContents();
  }
  rowCheckbox(index: number) {
    return this.grid.locator(`.ag-row[row-index="${index}"] input[type="checkbox"]`).first();
  }
  header(colId: string) {
    return this.grid.locator(`.ag-header-cell[col-id="${colId}"]`);
  }
  get search() {
    return this.page.locator('input[name="hostSearch"]');
  }
  get scope() {
    return this.page.locator('select[name="searchScope"]');
  }
  get notBox() {
    return this.page.locator('input[name="searchNot"]');
  }
  get connectedOnly() {
    return this.page.locator('input[name="connectedOnly"]');
  }
  get status() {
    return this.page.getByTestId('hosts-status');
  }
  get columnsButton() {
    return this.page.getByRole('button', { name: 'Columns' });
  }
  columnToggle(colId: string) {
    return this.page.locator(`.popover input[data-col-id="${colId}"]`);
  }
  get restoreLayout() {
    return this.page.getByRole('button', { name: 'Restore default layout' });
  }
  get exportCsv() {
    return this.page.getByRole('button', { name: 'Export CSV' });
  }
  get actionsMenu() {
    return this.page.getByTestId('host-actions-menu');
  }
  actionItem(action: string) {
    return this.page.locator(`[role="menu"] [data-action="${action}"]`);
  }
  get confirmDialog() {
    return this.page.getByTestId('confirm-dialog');
  }
  get unlockDialog() {
    return this.page.getByTestId('unlock-key-dialog');
  }
  get progressDialog() {
    return this.page.getByTestId('action-progress-dialog');
  }
  get actionSummary() {
    return this.page.getByTestId('action-summary');
  }
  progressRowState(host: string) {
    return this.progressDialog.locator('[role="row"]', { hasText: host }).locator('[col-id="state"]');
  }
  get keyBadge() {
    return this.page.getByTestId('key-badge');
  }
  get details() {
    return this.page.getByTestId('host-details');
  }
  get wuaPanel() {
    return this.page.getByTestId('wua-panel');
  }
  get hostUpdatesGrid() {
    return this.page.getByTestId('host-updates-grid');
  }
  get hostUpdateRows() {
    return this.hostUpdatesGrid.locator('.ag-row');
  }
  /** The cells' values: a status cell's raw code (its label is translated), else the cell's text. */
  hostUpdateTexts(colId: string) {
    return codesOrTexts(this.hostUpdatesGrid.locator(`.ag-row [col-id="${colId}"]`));
  }
  updateFilter(value: string) {
    return this.page.locator(`input[name="updateFilter"][value="${value}"]`);
  }
  detailsAction(action: string) {
    return this.details.locator(`button[data-action="${action}"]`);
  }
  /** The footer's "N selected / M hosts (limit reached…)" text. */
  get count() {
    return this.page.getByTestId('hosts-count');
  }
  get quickFilter() {
    return this.page.locator('input[name="hostsQuickFilter"]');
  }
  get quickFilterShown() {
    return this.page.getByTestId('hosts-shown');
  }
  get displayLimit() {
    return this.page.locator('input[name="hostsDisplayLimit"]');
  }
  get mode() {
    return this.page.locator('.hosts-tab').getAttribute('data-hosts-mode');
  }
  detailsTab(name: RegExp | string) {
    return this.details.getByRole('tab', { name });
  }
  get packagesGrid() {
    return this.page.getByTestId('host-packages-grid');
  }
  packageTexts(colId: string) {
    return codesOrTexts(this.packagesGrid.locator(`.ag-row [col-id="${colId}"]`));
  }
  packageFilter(value: string) {
    return this.page.locator(`input[name="packageFilter"][value="${value}"]`);
  }
  get packagesCount() {
    return this.page.getByTestId('host-packages-count');
  }
  get softwareGrid() {
    return this.page.getByTestId('host-software-grid');
  }
  get softwareCount() {
    return this.page.getByTestId('host-software-count');
  }
  get hideSystemComponents() {
    return this.page.locator('input[name="hideSystemComponents"]');
  }
  get hardware() {
    return this.page.getByTestId('host-hardware');
  }
  get hardwareFilter() {
    return this.page.locator('input[name="hardwareFilter"]');
  }
}

/**
 * Status cells show a translated label and keep the server's code in `data-status-code`
 * (renderer/src/grids/status-labels.ts): read the code there, any other cell's text as it is.
 */
function codesOrTexts(cells: Locator): Promise<string[]> {
  return cells.evaluateAll((els) =>
    els.map(
      (el) =>
        el.querySelector('[data-status-code]')?.getAttribute('data-status-code') ?? el.textContent ?? '',
    ),
  );
}

import type { Page } from '@playwright/test';

/** Locators for the Audit tab: KPIs, SVG charts with their tables, per-update and per-host grids, exports. */
export class AuditPage {
  constructor(private readonly page: Page) {}
  get tab() {
    return this.page.getByRole('tab', { name: 'Audit' });
  }
  get root() {
    return this.page.getByTestId('audit-tab');
  }
  get readOnlyBadge() {
    return this.root.getByTestId('read-only-badge');
  }
  get compliance() {
    return this.page.getByTestId('kpi-compliance');
  }
  get applicable() {
    return this.page.getByTestId('kpi-applicable');
  }
  chart(kind: 'product' | 'severity') {
    return this.page.getByTestId(`chart-${kind}`);
  }
  bars(kind: 'product' | 'severity') {
    return this.chart(kind).locator('svg g[role="img"]');
  }
  table(kind: 'product' | 'severity') {
    return this.page.getByTestId(`chart-${kind}-table`);
  }
  get classification() {
    return this.page.locator('select[name="auditClassification"]');
  }
  get updatesGrid() {
    return this.page.getByTestId('audit-updates-grid');
  }
  get hostsGrid() {
    return this.page.getByTestId('audit-hosts-grid');
  }
  view(name: RegExp) {
    return this.root.getByRole('tab', { name });
  }
  get exportSummary() {
    return this.page.getByTestId('export-summary');
  }
  get exportUpdates() {
    return this.page.getByTestId('export-audit-updates');
  }
  get exportHosts() {
    return this.page.getByTestId('export-audit-hosts');
  }
  get exportReceipt() {
    return this.page.getByTestId('export-receipt');
  }
  get exportSha256() {
    return this.page.getByTestId('export-sha256');
  }
}

import type { Page } from '@playwright/test';

export class ShellPage {
  constructor(private readonly page: Page) {}
  get tabs() {
    return this.page.getByRole('tab');
  }
  tab(name: string | RegExp) {
    return this.page.getByRole('tab', { name });
  }
  get sessionInfo() {
    return this.page.getByTestId('session-info');
  }
  get hostsGrid() {
    return this.page.getByTestId('hosts-grid');
  }
  columnHeader(colId: string) {
    return this.page.locator(`.ag-header-cell[col-id="${colId}"]`);
  }
}

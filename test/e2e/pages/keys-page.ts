import type { Page } from '@playwright/test';

/** Locators of the key badge, the "Create a key and certificate" dialog and the signature status cells. */
export class KeysPage {
  constructor(private readonly page: Page) {}
  get badge() {
    return this.page.getByTestId('key-badge');
  }
  get unlockButton() {
    return this.badge.getByRole('button', { name: 'Unlock key…' });
  }
  get unlockDialog() {
    return this.page.getByTestId('unlock-key-dialog');
  }
  get createButton() {
    return this.page.getByTestId('key-create-open');
  }
  get createDialog() {
    return this.page.getByTestId('create-key-dialog');
  }
  field(name: string) {
    return this.createDialog.locator(`[name="${name}"]`);
  }
  get strength() {
    return this.page.getByTestId('password-strength');
  }
  get mismatch() {
    return this.page.getByTestId('password-mismatch');
  }
  get submit() {
    return this.page.getByTestId('create-key-submit');
  }
  get result() {
    return this.page.getByTestId('create-key-result');
  }
  resultValue(what: 'key-path' | 'certificate-path' | 'p12-path' | 'fingerprint') {
    return this.page.getByTestId(`created-${what}`);
  }
  /** The signature status cell of a package's row in a grid (repository: repo-grid, rules: rules-grid). */
  signatureCell(gridTestId: string, pkg: string) {
    return this.page
      .getByTestId(gridTestId)
      .locator('[role="row"][row-index]')
      .filter({ has: this.page.locator('[col-id="package"]').getByText(pkg, { exact: true }) })
      .first()
      .locator('[col-id="signatureStatus"]');
  }
}

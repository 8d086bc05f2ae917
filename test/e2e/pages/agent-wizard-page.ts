import type { Page } from '@playwright/test';

/** Locators of the "Build the agent" wizard. */
export class AgentWizardPage {
  constructor(private readonly page: Page) {}
  get root() {
    return this.page.getByTestId('agent-tab');
  }
  get authenticodeNotice() {
    return this.page.getByTestId('agent-authenticode');
  }
  get toolsButton() {
    return this.page.getByTestId('agent-tools');
  }
  get toolsDialog() {
    return this.page.getByTestId('agent-tools-dialog');
  }
  toolsChoose(what: 'iscc' | 'baseDir') {
    return this.page.getByTestId(`agent-tools-choose-${what}`);
  }
  step(name: 'certificates' | 'server' | 'agent' | 'wua' | 'build') {
    return this.page.getByTestId(`agent-step-${name}`);
  }
  get certificateFileInput() {
    return this.page.getByTestId('agent-cert-file');
  }
  get certificatesGrid() {
    return this.page.getByTestId('agent-certificates');
  }
  get errorBanner() {
    return this.root.getByRole('alert');
  }
  get repoUrl() {
    return this.page.getByTestId('agent-repo-url');
  }
  get serverUrl() {
    return this.page.getByTestId('agent-server-url');
  }
  get auditPeriod() {
    return this.page.getByTestId('agent-audit-period');
  }
  uuidMode(mode: 'bios' | 'fqdn' | 'random') {
    return this.page.getByTestId(`agent-uuid-${mode}`);
  }
  wuaMode(mode: 'enabled' | 'disabled' | 'dontChange') {
    return this.page.getByTestId(`agent-wua-${mode}`);
  }
  get issues() {
    return this.page.getByTestId('agent-issues');
  }
  get preview() {
    return this.page.getByTestId('agent-preview');
  }
  get previewIssTab() {
    return this.page.getByTestId('agent-preview-iss-tab');
  }
  get previewIniTab() {
    return this.page.getByTestId('agent-preview-ini-tab');
  }
  get keyPath() {
    return this.page.getByTestId('agent-key-path');
  }
  get certPath() {
    return this.page.getByTestId('agent-cert-path');
  }
  get changeKey() {
    return this.page.getByTestId('agent-key-change');
  }
  get signer() {
    return this.page.getByTestId('agent-signer');
  }
  get useKey() {
    return this.page.getByTestId('agent-key-use');
  }
  get keyPassword() {
    return this.page.getByTestId('agent-key-password');
  }
  get buildButton() {
    return this.page.getByTestId('agent-build');
  }
  get buildLog() {
    return this.page.getByTestId('agent-build-log');
  }
  get result() {
    return this.page.getByTestId('agent-build-result');
  }
  get sha256() {
    return this.page.getByTestId('agent-sha256');
  }
  get uploadButton() {
    return this.page.getByTestId('agent-upload');
  }
  get uploadConfirm() {
    return this.page.getByTestId('agent-upload-confirm');
  }
  get uploadYes() {
    return this.page.getByTestId('agent-upload-yes');
  }
  get uploaded() {
    return this.page.getByTestId('agent-uploaded');
  }
  get saveButton() {
    return this.page.getByTestId('agent-save');
  }
}

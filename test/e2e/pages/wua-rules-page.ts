import type { Page } from '@playwright/test';

/** Locators for the WUA rule-packages tab, the rules editor, the save review and the explain dialog. */
export class WuaRulesPage {
  constructor(private readonly page: Page) {}
  get tab() {
    return this.page.getByRole('tab', { name: 'WUA rule packages' });
  }
  get grid() {
    return this.page.getByTestId('rules-grid');
  }
  gridRow(pkg: string) {
    return this.grid.locator('.ag-row', { hasText: pkg }).first();
  }
  get editButton() {
    return this.page.getByTestId('edit-rules');
  }
  get newButton() {
    return this.page.getByTestId('new-rules');
  }
  get notice() {
    return this.page.getByTestId('rules-notice');
  }
  get editor() {
    return this.page.getByTestId('rules-editor');
  }
  get editorName() {
    return this.page.getByTestId('rules-name');
  }
  get editorNotice() {
    return this.page.getByTestId('editor-notice');
  }
  get draftSaved() {
    return this.page.getByTestId('draft-saved');
  }
  /** A field of the editor's header or tabs by its `name` (rulesGroup, rulesDescription, forbiddenKb…). */
  editorField(name: string) {
    return this.editor.locator(`[name="${name}"]`);
  }
  /** One of the editor's content tabs (Updates, Allowed…, Forbidden…), by its label. */
  editorTab(name: RegExp) {
    return this.editor.getByRole('tab', { name });
  }
  get closeEditor() {
    return this.editor.locator('header.details__header').getByRole('button').last();
  }
  get forbiddenTabPanel() {
    return this.page.getByTestId('forbidden-tab');
  }
  get unsavedDialog() {
    return this.page.getByTestId('unsaved-dialog');
  }
  get loadUpdates() {
    return this.page.getByTestId('load-updates');
  }
  get candidateFilter() {
    return this.page.locator('input[name="candidateFilter"]');
  }
  get candidates() {
    return this.page.getByTestId('candidates-grid');
  }
  candidateRow(updateId: string) {
    return this.candidates.locator(`.ag-row[row-id="${updateId}"]`);
  }
  candidateCheckbox(updateId: string) {
    return this.candidateRow(updateId).locator('input[type="checkbox"]').first();
  }
  candidateStatus(updateId: string) {
    return this.candidateRow(updateId).locator('[col-id="status"]');
  }
  get forbidSelected() {
    return this.page.getByTestId('forbid-selected');
  }
  get reviewSave() {
    return this.page.getByTestId('review-save');
  }
  get saveDialog() {
    return this.page.getByTestId('save-dialog');
  }
  get impactSummary() {
    return this.page.getByTestId('impact-summary');
  }
  diffList(key: string) {
    return this.page.getByTestId(`diff-${key}`);
  }
  get signAndUpload() {
    return this.page.getByTestId('save-sign-upload');
  }
  get unlockDialog() {
    return this.page.getByTestId('unlock-key-dialog');
  }
  get explainDialog() {
    return this.page.getByTestId('explain-dialog');
  }
  get explainDecision() {
    return this.page.getByTestId('explain-decision');
  }
  get explainDecidedBy() {
    return this.page.getByTestId('explain-decided-by');
  }
  get explainSteps() {
    return this.page.getByTestId('explain-steps');
  }
}

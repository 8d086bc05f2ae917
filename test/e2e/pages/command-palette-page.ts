import type { Page } from '@playwright/test';

/** Locators for the command palette (Ctrl+K / Ctrl+Shift+P). */
export class CommandPalettePage {
  constructor(private readonly page: Page) {}
  get dialog() {
    return this.page.getByTestId('command-palette');
  }
  get input() {
    return this.dialog.getByRole('combobox');
  }
  get options() {
    return this.dialog.getByRole('option');
  }
  option(commandId: string) {
    return this.dialog.locator(`[role="option"][data-command="${commandId}"]`);
  }
  async open(keys = 'Control+k') {
    await this.page.keyboard.press(keys);
    await this.input.waitFor({ state: 'visible' });
  }
  /** Opens the palette, types `query` and runs the highlighted command with Enter. */
  async run(query: string, commandId: string) {
    await this.open();
    await this.input.fill(query);
    await this.option(commandId).waitFor();
    // Move the highlight onto the wanted command with the arrows, as a person would.
    for (let i = 0; i < 50; i += 1) {
      if ((await this.option(commandId).getAttribute('aria-selected')) === 'true') break;
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
  }
}

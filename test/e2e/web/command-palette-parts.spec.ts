import { CommandPalettePage } from '../pages/command-palette-page';
import { WuaRulesPage } from '../pages/wua-rules-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

/**
 * The parts of the console that come and go inside a tab (host details and its packages view, the
 * rule editor, the agent's build step) and the key badge have their actions in the palette too
 * (renderer/src/commands/command-catalogue.ts), greyed with the reason their buttons would be
 * disabled for. Waits are on application state only (badge attribute, dialogs, aria attributes).
 */
test.describe('command palette: host details, the key, the rule editor', () => {
  test('unlocks and locks the key, and runs a host-details package action up to its progress dialog', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    const palette = new CommandPalettePage(page);
    await expect(hosts.keyBadge).toHaveAttribute('data-unlocked', 'false');

    // No key unlocked: Lock is greyed with the reason, Unlock is offered and opens the unlock dialog.
    await palette.open();
    await palette.input.fill('key');
    await expect(palette.option('keys.lock')).toHaveAttribute('aria-disabled', 'true');
    await expect(palette.option('keys.lock')).toContainText('No key is unlocked');
    await expect(palette.option('keys.unlock')).not.toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');
    await palette.run('unlock key', 'keys.unlock');
    await expect(palette.dialog).toHaveCount(0);
    await expect(hosts.unlockDialog).toBeVisible();
    // The demo key has no password.
    await hosts.unlockDialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(hosts.keyBadge).toHaveAttribute('data-unlocked', 'true');
    // Unlocked: now Unlock is the greyed one, and Lock locks the key again.
    await palette.open();
    await palette.input.fill('unlock key');
    await expect(palette.option('keys.unlock')).toContainText('A key is already unlocked');
    await page.keyboard.press('Escape');
    await palette.run('lock key', 'keys.lock');
    await expect(hosts.keyBadge).toHaveAttribute('data-unlocked', 'false');

    // Host details closed: its package actions are listed, greyed with how to get them.
    await palette.open();
    await palette.input.fill('install the selected packages');
    const install = palette.option('hostDetails.install_packages');
    await expect(install).toContainText('Hosts › host details');
    await expect(install).toHaveAttribute('aria-disabled', 'true');
    await expect(install).toContainText('Open a host’s details on its Packages tab first');
    await page.keyboard.press('Escape');

    // Open, no package selected: greyed for that reason, as its toolbar button is disabled.
    await hosts.cell(0, 'computer_fqdn').dblclick();
    const row = hosts.packagesGrid.locator('.ag-row').first();
    await expect(row).toBeVisible();
    await expect(hosts.details.locator('button[data-action="install_packages"]')).toBeDisabled();
    await palette.open();
    await palette.input.fill('install the selected packages');
    await expect(install).toHaveAttribute('aria-disabled', 'true');
    await expect(install).toContainText('Select at least one row first');
    await page.keyboard.press('Escape');

    // One package selected: the palette runs the same action as the button, confirmation first.
    const pkg = (await row.locator('[col-id="package"]').textContent())!.trim();
    await row.locator('[col-id="package"]').click();
    await expect(page.getByTestId('host-packages-selected')).toHaveText('1 package selected');
    await palette.run('install the selected packages', 'hostDetails.install_packages');
    await expect(palette.dialog).toHaveCount(0);
    await expect(hosts.confirmDialog).toContainText(`Install ${pkg} on 1 host?`);
    await hosts.confirmDialog.getByRole('button', { name: 'Launch' }).click();
    // The key is locked again: the unlock dialog comes first.
    await expect(hosts.unlockDialog).toBeVisible();
    await hosts.unlockDialog.getByRole('button', { name: 'Unlock' }).click();
    await expect(hosts.progressDialog).toBeVisible();
    await hosts.progressDialog.getByRole('button', { name: 'Close' }).click();
    await expect(hosts.progressDialog).toHaveCount(0);

    // Close the host details from the palette.
    await palette.run('close the host details', 'hostDetails.close');
    await expect(hosts.details).toHaveCount(0);
  });

  test('the rule editor: review greyed until the package has a name, then run from the palette; close asks first', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const palette = new CommandPalettePage(page);
    const rules = new WuaRulesPage(page);

    // Editor closed: its commands say so.
    await palette.open();
    await palette.input.fill('review and save');
    await expect(palette.option('rulesEditor.review')).toContainText(
      'Open a rule package in the editor first',
    );
    await page.keyboard.press('Escape');

    // A new package from the palette (switches to the tab), without a group yet: no usable name,
    // so review is greyed with that reason and the title bar's button is disabled.
    await palette.run('new windows updates bundle', 'wuaRules.new');
    await expect(rules.editor).toBeVisible();
    await expect(page.getByTestId('review-save')).toBeDisabled();
    await palette.open();
    await palette.input.fill('review and save');
    await expect(palette.option('rulesEditor.review')).toHaveAttribute('aria-disabled', 'true');
    await expect(palette.option('rulesEditor.review')).toContainText('Give the package a valid name first');
    await page.keyboard.press('Escape');

    await rules.editorField('rulesGroup').fill('palette');
    await expect(page.getByTestId('review-save')).toBeEnabled();
    await palette.run('review and save', 'rulesEditor.review');
    const save = page.getByTestId('save-dialog');
    await expect(save).toBeVisible();
    await expect(page.getByTestId('save-sign-upload')).toBeVisible();
    await save.getByRole('button', { name: 'Cancel' }).click();
    await expect(save).toHaveCount(0);

    // Close from the palette: the edit is unsaved, so the editor asks first, as its Close button does.
    await palette.run('close the rule editor', 'rulesEditor.close');
    const unsaved = page.getByTestId('unsaved-dialog');
    await expect(unsaved).toBeVisible();
    await unsaved.getByRole('button', { name: 'Leave and lose the changes' }).click();
    await expect(rules.editor).toHaveCount(0);
  });
});

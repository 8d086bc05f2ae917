import { CommandPalettePage } from '../pages/command-palette-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

test.describe('command palette', () => {
  test('Ctrl+K lists the actions with their shortcuts, filters as you type, and follows the menus’ enable rules', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    const hosts = await loginToDemo(page);
    const palette = new CommandPalettePage(page);

    await palette.open();
    await expect(palette.input).toBeFocused();
    await expect(palette.input).toHaveAttribute('aria-expanded', 'true');
    // Global actions with their keys, and the open tab's actions.
    await expect(palette.option('shell.tab.windowsUpdates')).toContainText('Ctrl+2');
    await expect(palette.option('shell.refresh')).toContainText('F5');
    await expect(palette.option('hosts.action.update')).toContainText('Ctrl+U');
    // Nothing selected: host actions are shown disabled with the reason, as the Actions menu disables them.
    await expect(palette.option('hosts.action.upgrade')).toHaveAttribute('aria-disabled', 'true');
    await expect(palette.option('hosts.action.upgrade')).toContainText('Select at least one row first');

    // Typing filters on the translated labels; Enter on a disabled command does nothing.
    await palette.input.fill('apply upg');
    await expect(palette.options).toHaveCount(1);
    await page.keyboard.press('Enter');
    await expect(palette.dialog).toBeVisible();
    await palette.input.fill('no such command at all');
    await expect(palette.options).toHaveCount(0);
    await expect(palette.dialog.getByRole('status')).toHaveText('No command matches.');

    // Arrow keys move the active option (aria-activedescendant), Escape closes.
    await palette.input.fill('');
    const first = await palette.input.getAttribute('aria-activedescendant');
    await page.keyboard.press('ArrowDown');
    await expect(palette.input).not.toHaveAttribute('aria-activedescendant', first!);
    await expect(palette.dialog.locator('[aria-selected="true"]')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await expect(palette.dialog).toHaveCount(0);

    // With a host selected the same action is enabled and opens the same confirmation as the menu.
    await hosts.rowCheckbox(0).check();
    await palette.run('check upd', 'hosts.action.update');
    await expect(palette.dialog).toHaveCount(0);
    const confirm = page.getByTestId('confirm-dialog');
    await expect(confirm).toBeVisible();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(confirm).toHaveCount(0);
  });

  test('Ctrl+Shift+P switches tabs, theme and language; fuzzy and accent-free matching', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const palette = new CommandPalettePage(page);

    await palette.open('Control+Shift+P');
    await palette.input.fill('go wndws');
    await expect(palette.option('shell.tab.windowsUpdates')).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('tab', { name: 'Windows Updates' })).toHaveAttribute('aria-selected', 'true');
    // The Windows Updates tab's own actions are listed, and the hosts tab's too (every tab's actions
    // are in the palette, command-catalogue.ts), disabled: the hosts grid and its selection are gone.
    await palette.open();
    await expect(palette.option('wu.downloadCab')).toBeVisible();
    await expect(palette.option('hosts.action.update')).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');

    await palette.run('theme dark', 'shell.theme.dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

    await palette.run('language fran', 'shell.language.fr');
    await expect(page.getByRole('tab', { name: 'Machines' })).toBeVisible();
    // French labels are found without typing the accents.
    await palette.open();
    await expect(palette.dialog).toHaveAccessibleName('Palette de commandes');
    await palette.input.fill('theme clair');
    await expect(palette.option('shell.theme.light')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });
});

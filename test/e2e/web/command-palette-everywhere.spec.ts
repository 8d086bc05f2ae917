import { AgentWizardPage } from '../pages/agent-wizard-page';
import { CommandPalettePage } from '../pages/command-palette-page';
import { WindowsUpdatesPage } from '../pages/windows-updates-page';
import { loginToDemo } from '../support/demo';
import { expect, openConsole, test } from '../support/fixtures';

/**
 * Every tab's actions are in the palette wherever the user is (renderer/src/commands/
 * command-catalogue.ts): a command of another tab switches to that tab, then runs; the enable rules
 * are the menus' ones, evaluated on what the console knows (a tab not on screen has no selection).
 * Waits are on application state only (selected tab, dialog, aria attributes).
 */
test.describe('command palette: every tab’s actions from anywhere', () => {
  test('from the Hosts tab it runs a Windows Updates action and an Agent action; a disabled one stays put', async ({
    page,
    consoleApp,
  }) => {
    await openConsole(page, consoleApp);
    await loginToDemo(page);
    const palette = new CommandPalettePage(page);
    const hostsTab = page.getByRole('tab', { name: 'Hosts' });
    await expect(hostsTab).toHaveAttribute('aria-selected', 'true');

    // Commands of tabs not on screen are listed with their tab as group.
    await palette.open();
    await expect(palette.option('wu.tasks')).toContainText('Windows Updates');
    await expect(palette.option('agent.step.wua')).toContainText('Build the agent');
    await expect(palette.option('repo.upload')).toBeVisible();
    // Disabled by the same rule as the Windows Updates menu: no update is selected (that tab's grid
    // is not even on screen). Shown greyed with the reason; Enter does nothing. (Host details has an
    // Explain too: the group's name picks this one.)
    await palette.input.fill('explain windows');
    const explain = palette.option('wu.explain');
    await expect(explain).toHaveAttribute('aria-disabled', 'true');
    await expect(explain).toContainText('Select exactly one row');
    await expect(explain).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Enter');
    await expect(palette.dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(palette.dialog).toHaveCount(0);
    await expect(hostsTab).toHaveAttribute('aria-selected', 'true');

    // A Windows Updates action: the tab opens, then its download-task monitor.
    const wu = new WindowsUpdatesPage(page);
    await palette.run('show download tasks', 'wu.tasks');
    await expect(palette.dialog).toHaveCount(0);
    // The tab is behind the open download-task dialog, so hidden from assistive technologies (as
    // inert content behind a native modal was): found with includeHidden.
    await expect(page.getByRole('tab', { name: 'Windows Updates', includeHidden: true })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(wu.tasksDialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(wu.tasksDialog).toHaveCount(0);

    // Back on Hosts, an Agent action: the wizard opens on its Windows updates step.
    await page.keyboard.press('Control+1');
    await expect(hostsTab).toHaveAttribute('aria-selected', 'true');
    const agent = new AgentWizardPage(page);
    await palette.run('4. windows updates', 'agent.step.wua');
    await expect(page.getByRole('tab', { name: 'Build the agent' })).toHaveAttribute('aria-selected', 'true');
    await expect(agent.step('wua')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('agent-wua-step')).toBeVisible();

    // From the agent tab, the Hosts actions are listed but disabled: no host is selected there.
    await palette.open();
    await palette.input.fill('check upd');
    await expect(palette.option('hosts.action.update')).toHaveAttribute('aria-disabled', 'true');
    await expect(palette.option('hosts.action.update')).toContainText('Select at least one row first');
    await page.keyboard.press('Escape');
  });
});

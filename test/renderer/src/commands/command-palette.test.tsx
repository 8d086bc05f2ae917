import { screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../../renderer/src/i18n/en';
import { startConnectedMainProcess, type MainProcess } from '../../../support/renderer/fake-bridge';
import { renderApp } from '../../../support/renderer/render-console';

/*
 * The command palette (renderer/src/commands/command-palette.tsx) in the connected console: the
 * commands are the ones the shell and the hosts tab register, so a disabled command is disabled
 * by the same rule as the hosts tab's Actions menu (nothing selected yet).
 */
let main: MainProcess;
beforeAll(async () => {
  main = await startConnectedMainProcess({ hosts: 5 });
});
afterAll(async () => main?.stop());

async function openPalette() {
  const view = renderApp(main);
  await screen.findByRole('tablist', {}, { timeout: 20_000 });
  await view.user.keyboard('{Control>}k{/Control}');
  const dialog = await screen.findByRole('dialog', { name: en['palette.title'] });
  const input = within(dialog).getByRole('combobox');
  return { ...view, dialog, input };
}

const commandIds = (dialog: HTMLElement) =>
  within(dialog)
    .queryAllByRole('option')
    .map((o) => o.dataset.command);

describe('command palette', () => {
  it('filters as you type, on the translated labels; nothing matching says so', async () => {
    const { user, dialog, input } = await openPalette();
    expect(document.activeElement).toBe(input);
    const all = commandIds(dialog);
    expect(all).toContain('shell.refresh');
    expect(all).toContain('hosts.action.update');

    await user.type(input, 'apply upg');
    expect(commandIds(dialog)).toEqual(['hosts.action.upgrade']);

    await user.clear(input);
    await user.type(input, 'go wndws');
    expect(commandIds(dialog)[0]).toBe('shell.tab.windowsUpdates');
    expect(commandIds(dialog).length).toBeLessThan(all.length);

    await user.clear(input);
    await user.type(input, 'no such command at all');
    expect(commandIds(dialog)).toEqual([]);
    expect(within(dialog).getByRole('status').textContent).toBe(en['palette.noMatch']);
  });

  it('shows a command the menu would disable greyed with the reason, and Enter does not run it', async () => {
    const { user, dialog, input } = await openPalette();
    await user.type(input, 'apply upg');
    const option = within(dialog).getByRole('option');
    expect(option.getAttribute('aria-disabled')).toBe('true');
    expect(option.textContent).toContain(en['palette.reason.noSelection']);
    expect(option.getAttribute('aria-selected')).toBe('true');

    const before = main.invoked.length;
    await user.keyboard('{Enter}');
    // Still open, and nothing was asked of main (no host action, no confirmation).
    expect(screen.getByRole('dialog', { name: en['palette.title'] })).toBe(dialog);
    expect(main.invoked.slice(before).filter((m) => m.startsWith('actions.'))).toEqual([]);
    expect(screen.queryByTestId('confirm-dialog')).toBeNull();
  });

  it('Enter runs an enabled command and closes; Escape closes without running', async () => {
    const { user, input } = await openPalette();
    await user.type(input, 'theme dark');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: en['palette.title'] })).toBeNull());
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await waitFor(async () => expect((await main.call('settings.get', {})).theme).toBe('dark'));

    await user.keyboard('{Control>}k{/Control}');
    const again = await screen.findByRole('dialog', { name: en['palette.title'] });
    await user.type(within(again).getByRole('combobox'), 'theme light');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: en['palette.title'] })).toBeNull());
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('a click outside closes it without running anything, and the focus goes back where it was', async () => {
    const view = renderApp(main);
    const tab = await screen.findByRole('tab', { selected: true }, { timeout: 20_000 });
    tab.focus();
    await view.user.keyboard('{Control>}k{/Control}');
    await screen.findByRole('dialog', { name: en['palette.title'] });
    const before = main.invoked.length;
    await view.user.click(document.querySelector<HTMLElement>('.dialog-overlay')!);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: en['palette.title'] })).toBeNull());
    expect(main.invoked.slice(before).filter((m) => m.startsWith('actions.'))).toEqual([]);
    await waitFor(() => expect(document.activeElement).toBe(tab));
  });

  it('a command that focuses a field leaves the focus there', async () => {
    const { user, dialog } = await openPalette();
    await user.click(within(dialog).getByText(en['palette.searchHosts']));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: en['palette.title'] })).toBeNull());
    const search = screen.getByRole('textbox', { name: en['hosts.search.label'] });
    await waitFor(() => expect(document.activeElement).toBe(search));
    // Radix's focus return after the palette is gone does not take it back.
    for (let round = 0; round < 5; round++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
    expect(document.activeElement).toBe(search);
  });

  it('a command that opens a dialog: that dialog has the keyboard, Ctrl+K opens no palette over it, and closing it goes back where the palette was opened', async () => {
    const view = renderApp(main);
    const user = view.user;
    const tab = await screen.findByRole('tab', { selected: true }, { timeout: 20_000 });
    tab.focus();
    await user.keyboard('{Control>}k{/Control}');
    const palette = await screen.findByRole('dialog', { name: en['palette.title'] });
    await user.type(within(palette).getByRole('combobox'), en['actions.queue.menu']);
    await user.keyboard('{Enter}');
    const queued = await screen.findByRole('dialog', { name: en['actions.queue.title'] });
    await waitFor(() => expect(queued.contains(document.activeElement)).toBe(true));
    await user.keyboard('{Control>}k{/Control}');
    expect(screen.queryByRole('dialog', { name: en['palette.title'] })).toBeNull();
    expect(screen.queryByTestId('command-palette')).toBeNull();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: en['actions.queue.title'] })).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(tab));
    await user.keyboard('{Control>}k{/Control}');
    await screen.findByRole('dialog', { name: en['palette.title'] });
  });
});

// @vitest-environment happy-dom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { CommandTab } from '../../../../renderer/src/commands/command-catalogue';
import { CommandPalette } from '../../../../renderer/src/commands/command-palette';
import {
  CommandRegistryProvider,
  useCommandShell,
  useTabCommands,
} from '../../../../renderer/src/commands/command-registry';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';

/*
 * The palette, the registry and the catalogue together in React, where tabs really unmount: the
 * order of React's effects (a new tab publishes before the shell learns the tab changed) is what
 * the pending run depends on. The tabs are small stand-ins publishing the catalogue's commands as
 * the real tabs do; the real tabs are driven in test/e2e/web/command-palette-everywhere.spec.ts.
 */

const runs: string[] = [];

function HostsTab() {
  const [selected, setSelected] = useState(0);
  const reasonOf = useTabCommands(
    'hosts',
    { selected, loaded: true },
    { 'hosts.action.update': () => runs.push('hosts.action.update') },
  );
  return (
    <div>
      <p>Hosts on screen</p>
      <button type="button" onClick={() => setSelected(2)}>
        Select two hosts
      </button>
      {/* The Actions menu's item, disabled by the palette's rule. */}
      <button type="button" disabled={reasonOf('hosts.action.update') !== null}>
        Check updates
      </button>
    </div>
  );
}

function WindowsUpdatesTab() {
  const [tasks, setTasks] = useState(false);
  useTabCommands(
    'windowsUpdates',
    { selected: 0, loaded: true, cabPending: false, kb: null },
    { 'wu.tasks': () => setTasks(true) },
  );
  return (
    <div>
      <p>Windows Updates on screen</p>
      {tasks && <p>Download tasks open</p>}
    </div>
  );
}

function Shell({ wua }: { wua: boolean }) {
  const [tab, setTab] = useState<CommandTab>('hosts');
  useCommandShell(tab, setTab, { wua, edition: wua ? 'enterprise' : 'community', readOnly: false });
  return (
    <>
      <button type="button" onClick={() => setTab('hosts')}>
        Hosts tab
      </button>
      {tab === 'hosts' && <HostsTab />}
      {tab === 'windowsUpdates' && <WindowsUpdatesTab />}
      {tab !== 'hosts' && tab !== 'windowsUpdates' && <p>{tab} on screen</p>}
      <CommandPalette />
    </>
  );
}

function renderShell(wua = true) {
  runs.length = 0;
  return render(
    <I18nProvider language="en">
      <CommandRegistryProvider>
        <Shell wua={wua} />
      </CommandRegistryProvider>
    </I18nProvider>,
  );
}

/** Ctrl+K, type `query`; returns the option of `commandId`. */
async function palette(query: string, commandId: string) {
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
  const input = await screen.findByRole('combobox');
  fireEvent.change(input, { target: { value: query } });
  const dialog = screen.getByTestId('command-palette');
  const option = await within(dialog).findByRole('option', {
    name: (_, el) => el.getAttribute('data-command') === commandId,
  });
  return { input, option };
}

describe('command palette across tabs', () => {
  it('runs a command of a tab not on screen: switches to it first, then runs it once', async () => {
    renderShell();
    expect(screen.getByText('Hosts on screen')).toBeTruthy();
    const { input, option } = await palette('show download tasks', 'wu.tasks');
    expect(option.getAttribute('aria-disabled')).toBeNull();
    expect(option.textContent).toContain('Windows Updates');
    expect(option.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await screen.findByText('Download tasks open')).toBeTruthy();
    expect(screen.queryByText('Hosts on screen')).toBeNull();
    expect(screen.queryByTestId('command-palette')).toBeNull();
  });

  it('shows a command greyed with its reason and does not run it; the menu disables it too', async () => {
    renderShell();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Check updates' }).disabled).toBe(true);
    let { input, option } = await palette('check upd', 'hosts.action.update');
    expect(option.getAttribute('aria-disabled')).toBe('true');
    expect(option.textContent).toContain('Select at least one row first');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(screen.getByTestId('command-palette')).toBeTruthy();
    expect(runs).toEqual([]);
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(screen.queryByTestId('command-palette')).toBeNull();

    // With hosts selected, the same rule enables both.
    fireEvent.click(screen.getByRole('button', { name: 'Select two hosts' }));
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Check updates' }).disabled).toBe(false);
    ({ input, option } = await palette('check upd', 'hosts.action.update'));
    expect(option.getAttribute('aria-disabled')).toBeNull();
    fireEvent.keyDown(input, { key: 'Enter' });
    await screen.findByText('Hosts on screen');
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(runs).toEqual(['hosts.action.update']);
  });

  it('on a server without Windows updates, their commands are greyed with that reason', async () => {
    renderShell(false);
    const { option } = await palette('show download tasks', 'wu.tasks');
    expect(option.getAttribute('aria-disabled')).toBe('true');
    expect(option.textContent).toContain('need a WAPT Enterprise server');
  });
});

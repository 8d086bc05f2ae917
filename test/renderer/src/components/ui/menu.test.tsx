import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { MenuButton } from '../../../../../renderer/src/components/menu-button';
import { ConfirmDialog } from '../../../../../renderer/src/components/modal';
import { PointerMenu, type MenuItemDef } from '../../../../../renderer/src/components/ui/menu';

/*
 * The console's menus on Radix DropdownMenu (renderer/src/components/ui/menu.tsx), driven with the
 * keyboard and the mouse as a person does: where the focus is, which item runs, what a disabled
 * item does, and where the focus goes when the menu closes.
 */

/**
 * Radix gives the focus back in a timer queued by the menu's unmount cleanup, which React runs
 * in a task of its own: let a few rounds of queued tasks run (an order, not a delay) before
 * checking where the focus ended.
 */
const afterQueuedTimers = async () => {
  for (let round = 0; round < 5; round++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
};

function toolbarMenu() {
  const run = { check: vi.fn(), upgrade: vi.fn(), remove: vi.fn(), restart: vi.fn() };
  const user = userEvent.setup({ delay: null });
  render(
    <MenuButton
      label="Actions"
      testId="actions"
      items={[
        { key: 'check', label: 'Check updates', onSelect: run.check },
        { key: 'upgrade', label: 'Apply upgrades', disabled: true, onSelect: run.upgrade },
        { key: 'remove', label: 'Remove packages…', onSelect: run.remove },
        { key: 'restart', label: 'Restart', onSelect: run.restart },
      ]}
    />,
  );
  return { user, run, trigger: screen.getByTestId('actions') };
}

describe('toolbar menu (MenuButton)', () => {
  it('opens on the first usable item; arrows skip a disabled item and wrap; Enter runs the item and closes', async () => {
    const { user, run, trigger } = toolbarMenu();
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    await user.click(trigger);
    const menu = await screen.findByRole('menu', { name: 'Actions' });
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    const item = (name: string) => within(menu).getByRole('menuitem', { name });
    await waitFor(() => expect(document.activeElement).toBe(item('Check updates')));

    // Radix moves the focus in a timer after each key: wait for it, as a person sees it.
    const press = async (key: string, expected: string) => {
      await user.keyboard(key);
      await waitFor(() => expect(document.activeElement).toBe(item(expected)));
    };
    await press('{ArrowDown}', 'Remove packages…');
    await press('{ArrowDown}', 'Restart');
    await press('{ArrowDown}', 'Check updates');
    await press('{ArrowUp}', 'Restart');
    await press('{Home}', 'Check updates');
    await press('{End}', 'Restart');

    await user.keyboard('{Enter}');
    expect(run.restart).toHaveBeenCalledTimes(1);
    expect(run.check).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    await afterQueuedTimers();
    expect(document.activeElement).toBe(trigger);
  });

  it('type-ahead moves to the item whose label starts with the letters typed', async () => {
    const { user, trigger } = toolbarMenu();
    await user.click(trigger);
    const menu = await screen.findByRole('menu', { name: 'Actions' });
    await user.keyboard('re');
    // "Remove packages…" is the first label starting with "re" (Radix moves in a timer).
    await waitFor(() =>
      expect(document.activeElement).toBe(within(menu).getByRole('menuitem', { name: 'Remove packages…' })),
    );
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
  });

  it('Escape closes without running anything and gives the focus back to the button', async () => {
    const { user, run, trigger } = toolbarMenu();
    await user.click(trigger);
    await screen.findByRole('menu', { name: 'Actions' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    await afterQueuedTimers();
    expect(document.activeElement).toBe(trigger);
    expect(Object.values(run).every((fn) => fn.mock.calls.length === 0)).toBe(true);
  });

  it('a disabled item is disabled for every reader, cannot be run and leaves the menu open', async () => {
    const { user, run, trigger } = toolbarMenu();
    await user.click(trigger);
    const menu = await screen.findByRole('menu', { name: 'Actions' });
    const upgrade = within(menu).getByRole('menuitem', { name: 'Apply upgrades' });
    expect(upgrade).toHaveProperty('disabled', true);
    expect(upgrade.getAttribute('aria-disabled')).toBe('true');
    // The hook the E2E page objects select toolbar items on.
    expect(upgrade.getAttribute('data-action')).toBe('upgrade');
    await user.click(upgrade);
    expect(run.upgrade).not.toHaveBeenCalled();
    expect(screen.getByRole('menu', { name: 'Actions' })).toBe(menu);
  });

  it('a click outside closes the menu and still reaches what was clicked (non-modal)', async () => {
    const outside = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(
      <>
        <MenuButton label="Actions" items={[{ key: 'a', label: 'A', onSelect: vi.fn() }]} />
        <button type="button" onClick={outside}>
          Refresh
        </button>
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'Actions ▾' }));
    await screen.findByRole('menu');
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(outside).toHaveBeenCalledTimes(1);
  });
});

/** A grid stand-in: its "cell" opens the menu at a point, as ConsoleGrid does on right-click. */
function GridWithMenu({
  items,
  onConfirmed,
}: {
  items: (open: () => void) => MenuItemDef[];
  onConfirmed?: () => void;
}) {
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const [confirm, setConfirm] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setMenu({ x: 120, y: 80 })}>
        KB5031356 cell
      </button>
      {menu && (
        <PointerMenu
          items={items(() => setConfirm(true))}
          position={menu}
          label="Update actions"
          testId="updates-menu"
          onClose={() => setMenu(null)}
        />
      )}
      {confirm && (
        <ConfirmDialog
          title="Download"
          message="Download 1 Windows update on the server?"
          confirmLabel="Download"
          cancelLabel="Cancel"
          onConfirm={() => {
            setConfirm(false);
            onConfirmed?.();
          }}
          onCancel={() => setConfirm(false)}
        />
      )}
    </>
  );
}

describe('menu opened at a point (PointerMenu: the grids’ context menus)', () => {
  it('focuses the first usable item; Escape closes it and the focus goes back to the cell', async () => {
    const user = userEvent.setup({ delay: null });
    render(
      <GridWithMenu
        items={() => [
          { id: 'download', label: 'Download selected on the server (1)', disabled: true, onSelect: vi.fn() },
          { id: 'delete', label: 'Delete cached files (1)', shortcut: 'Del', onSelect: vi.fn() },
          { id: 'kb', label: 'Information about KB5031356', onSelect: vi.fn() },
        ]}
      />,
    );
    const cell = screen.getByRole('button', { name: 'KB5031356 cell' });
    await user.click(cell);
    const menu = await screen.findByTestId('updates-menu');
    expect(menu.getAttribute('role')).toBe('menu');
    expect(menu.getAttribute('aria-label')).toBe('Update actions');
    const del = menu.querySelector<HTMLElement>('[data-menu-item="delete"]');
    await waitFor(() => expect(document.activeElement).toBe(del));
    expect(within(del!).getByText('Del').tagName).toBe('KBD');
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement).toBe(menu.querySelector('[data-menu-item="kb"]')));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('updates-menu')).toBeNull());
    await afterQueuedTimers();
    expect(document.activeElement).toBe(cell);
  });

  it('with every item disabled the menu itself has the focus, and Escape still closes it', async () => {
    const user = userEvent.setup({ delay: null });
    const onSelect = vi.fn();
    render(<GridWithMenu items={() => [{ id: 'download', label: 'Download', disabled: true, onSelect }]} />);
    await user.click(screen.getByRole('button', { name: 'KB5031356 cell' }));
    const menu = await screen.findByTestId('updates-menu');
    await waitFor(() => expect(document.activeElement).toBe(menu));
    await user.keyboard('{Enter}');
    expect(onSelect).not.toHaveBeenCalled();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('updates-menu')).toBeNull());
  });

  it('an item that opens a dialog keeps the focus in the dialog once the menu is gone', async () => {
    const user = userEvent.setup({ delay: null });
    const confirmed = vi.fn();
    render(
      <GridWithMenu
        onConfirmed={confirmed}
        items={(open) => [{ id: 'download', label: 'Download selected on the server (1)', onSelect: open }]}
      />,
    );
    await user.click(screen.getByRole('button', { name: 'KB5031356 cell' }));
    await screen.findByTestId('updates-menu');
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Download' });
    await waitFor(() => expect(screen.queryByTestId('updates-menu')).toBeNull());
    await afterQueuedTimers();
    // Not taken back by the menu's focus restoration: Enter now answers the question.
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Download' }));
    await user.keyboard('{Enter}');
    expect(confirmed).toHaveBeenCalledTimes(1);
  });
});

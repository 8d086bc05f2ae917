import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { isModalOpen, Modal } from '../../../../renderer/src/components/modal';
import { ToolbarMenu } from '../../../../renderer/src/components/ui/menu';
import { ToolbarPopover } from '../../../../renderer/src/components/ui/popover';

/*
 * Dialogs over dialogs on Radix Dialog (renderer/src/components/modal.tsx): a key unlock over a grid
 * dialog is usable and Escape closes only the top one; a busy dialog refuses Escape, × and a click
 * outside; the focus goes back to whatever opened each dialog; a menu or a popover opened inside a
 * dialog is usable with the mouse and the keyboard, and its Escape does not close the dialog.
 */

/**
 * Radix gives the focus back in a timer queued by the dialog's unmount cleanup: let a few rounds of
 * queued tasks run (an order, not a delay) before checking where the focus ended.
 */
const afterQueuedTimers = async () => {
  for (let round = 0; round < 5; round++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
};

function HostActionsWithUnlock({
  onCloseOuter,
  onCloseInner,
}: {
  onCloseOuter: () => void;
  onCloseInner: () => void;
}) {
  const [outer, setOuter] = useState(false);
  const [inner, setInner] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOuter(true)}>
        Check updates…
      </button>
      {outer && (
        <Modal
          title="Host actions"
          wide
          testId="outer"
          onClose={() => {
            onCloseOuter();
            setOuter(false);
          }}
        >
          <p>3 hosts</p>
          <button type="button" onClick={() => setInner(true)}>
            Unlock the key…
          </button>
          {/* Rendered inside the outer dialog's React tree, as the console's dialogs do. */}
          {inner && (
            <Modal
              title="Unlock the key"
              testId="inner"
              onClose={() => {
                onCloseInner();
                setInner(false);
              }}
            >
              <label>
                Password
                <input name="keyPassword" type="password" />
              </label>
            </Modal>
          )}
        </Modal>
      )}
    </>
  );
}

async function openBoth() {
  const onCloseOuter = vi.fn();
  const onCloseInner = vi.fn();
  const user = userEvent.setup({ delay: null });
  render(<HostActionsWithUnlock onCloseOuter={onCloseOuter} onCloseInner={onCloseInner} />);
  const opener = screen.getByRole('button', { name: 'Check updates…' });
  await user.click(opener);
  const outer = await screen.findByRole('dialog', { name: 'Host actions' });
  const innerOpener = within(outer).getByRole('button', { name: 'Unlock the key…' });
  await user.click(innerOpener);
  const inner = await screen.findByRole('dialog', { name: 'Unlock the key' });
  return { user, opener, outer, innerOpener, inner, onCloseOuter, onCloseInner };
}

describe('a dialog over a dialog', () => {
  it('the top one is usable and has the focus; the one under it takes no pointer input', async () => {
    const { user, inner } = await openBoth();
    const password = within(inner).getByLabelText('Password');
    await waitFor(() => expect(document.activeElement).toBe(password));
    await user.type(password, 'secret');
    expect((password as HTMLInputElement).value).toBe('secret');
    // The outer dialog is behind: hidden from assistive technologies and refusing the pointer.
    expect(screen.queryByRole('dialog', { name: 'Host actions' })).toBeNull();
    const behind = screen.getByTestId('outer');
    await expect(user.click(within(behind).getByText('3 hosts'))).rejects.toThrow(/pointer-events: none/);
  });

  it('Escape closes only the top one, and the focus goes back to the button that opened it', async () => {
    const { user, opener, innerOpener, onCloseOuter, onCloseInner } = await openBoth();
    await user.keyboard('{Escape}');
    expect(onCloseInner).toHaveBeenCalledTimes(1);
    expect(onCloseOuter).not.toHaveBeenCalled();
    expect(screen.queryByTestId('inner')).toBeNull();
    const outer = screen.getByRole('dialog', { name: 'Host actions' });
    expect(outer.getAttribute('data-state')).toBe('open');
    await afterQueuedTimers();
    expect(document.activeElement).toBe(innerOpener);

    // The outer dialog owns the keyboard again: the next Escape closes it, back to the page.
    await user.keyboard('{Escape}');
    expect(onCloseOuter).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    await afterQueuedTimers();
    expect(document.activeElement).toBe(opener);
  });

  it('isModalOpen() sees an open dialog, not a popover whose role is dialog too', async () => {
    const user = userEvent.setup({ delay: null });
    render(
      <ToolbarPopover label="Filter" role="dialog">
        <input name="filter" aria-label="Filter text" />
      </ToolbarPopover>,
    );
    await user.click(screen.getByRole('button', { name: 'Filter' }));
    await screen.findByRole('dialog', { name: 'Filter' });
    expect(isModalOpen()).toBe(false);
    await user.keyboard('{Escape}');

    const { user: user2, onCloseInner } = await openBoth();
    expect(isModalOpen()).toBe(true);
    await user2.keyboard('{Escape}');
    expect(onCloseInner).toHaveBeenCalledTimes(1);
    expect(isModalOpen()).toBe(true);
    await user2.keyboard('{Escape}');
    expect(isModalOpen()).toBe(false);
  });
});

function BusyModal({ onClose }: { onClose: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Create a key…
      </button>
      {open && (
        <Modal
          title="Creating the key"
          busy
          onClose={() => {
            onClose();
            setOpen(false);
          }}
        >
          <p>Writing the key files…</p>
        </Modal>
      )}
    </>
  );
}

function MenuOpeningADialog({ onCloseOuter }: { onCloseOuter: () => void }) {
  const [confirm, setConfirm] = useState(false);
  return (
    <Modal title="Download tasks" onClose={onCloseOuter}>
      <ToolbarMenu
        label="Actions"
        testId="actions"
        items={[{ id: 'delete', label: 'Delete…', onSelect: () => setConfirm(true) }]}
      />
      {confirm && (
        <Modal title="Delete the task?" onClose={() => setConfirm(false)}>
          <p>The task is deleted on the server.</p>
        </Modal>
      )}
    </Modal>
  );
}

describe('a dialog opened from a menu inside a dialog', () => {
  it('on close, the keyboard is back in the dialog under it (its opener, the menu item, is gone)', async () => {
    const onCloseOuter = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(<MenuOpeningADialog onCloseOuter={onCloseOuter} />);
    const outer = await screen.findByRole('dialog', { name: 'Download tasks' });
    await user.click(within(outer).getByTestId('actions'));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete…' }));
    await screen.findByRole('dialog', { name: 'Delete the task?' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Delete the task?' })).toBeNull());
    await afterQueuedTimers();
    expect(outer.contains(document.activeElement)).toBe(true);
    expect(onCloseOuter).not.toHaveBeenCalled();
    await user.keyboard('{Escape}');
    expect(onCloseOuter).toHaveBeenCalledTimes(1);
  });
});

describe('a busy dialog', () => {
  it('refuses Escape, its × and a click outside', async () => {
    const onClose = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(<BusyModal onClose={onClose} />);
    await user.click(screen.getByRole('button', { name: 'Create a key…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Creating the key' });
    await user.keyboard('{Escape}');
    await user.click(within(dialog).getByRole('button', { name: '×' }));
    await user.click(document.querySelector<HTMLElement>('.dialog-overlay')!);
    await afterQueuedTimers();
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { name: 'Creating the key' }).getAttribute('data-state')).toBe('open');
  });
});

function Closable({ onClose }: { onClose: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Add a repository path…
      </button>
      {open && (
        <Modal
          title="Add a repository path"
          onClose={() => {
            onClose();
            setOpen(false);
          }}
        >
          <label>
            Path
            <input name="path" />
          </label>
        </Modal>
      )}
    </>
  );
}

describe('closing a dialog', () => {
  it('a click outside does not close it; its × does, and the focus goes back to the opener', async () => {
    const onClose = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(<Closable onClose={onClose} />);
    const opener = screen.getByRole('button', { name: 'Add a repository path…' });
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Add a repository path' });
    await user.click(document.querySelector<HTMLElement>('.dialog-overlay')!);
    await afterQueuedTimers();
    expect(onClose).not.toHaveBeenCalled();
    expect(dialog.isConnected).toBe(true);

    await user.click(within(dialog).getByRole('button', { name: '×' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    await afterQueuedTimers();
    expect(document.activeElement).toBe(opener);
  });
});

describe('a menu and a popover inside a dialog', () => {
  function DialogWithMenu({ onCheck, onClose }: { onCheck: () => void; onClose: () => void }) {
    return (
      <Modal title="Download tasks" onClose={onClose}>
        <ToolbarMenu
          label="Actions"
          testId="actions"
          items={[
            { id: 'refresh', label: 'Refresh', disabled: true, onSelect: () => {} },
            { id: 'check', label: 'Check updates', onSelect: onCheck },
            { id: 'delete', label: 'Delete', onSelect: () => {} },
          ]}
        />
        <ToolbarPopover label="Columns">
          <label>
            Quick filter
            <input name="quickFilter" />
          </label>
        </ToolbarPopover>
      </Modal>
    );
  }

  it('a menu opens on a click, moves with the arrows, runs an item on Enter; its Escape leaves the dialog open', async () => {
    const onCheck = vi.fn();
    const onClose = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(<DialogWithMenu onCheck={onCheck} onClose={onClose} />);
    const dialog = await screen.findByRole('dialog', { name: 'Download tasks' });
    const trigger = within(dialog).getByTestId('actions');
    await user.click(trigger);
    let menu = await screen.findByRole('menu', { name: 'Actions' });
    // Inside the dialog's content, so inside its focus trap and its pointer rules.
    expect(dialog.contains(menu)).toBe(true);
    const item = (name: string) => within(menu).getByRole('menuitem', { name });
    await waitFor(() => expect(document.activeElement).toBe(item('Check updates')));
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement).toBe(item('Delete')));
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { name: 'Download tasks' })).toBe(dialog);
    await waitFor(() => expect(document.activeElement).toBe(trigger));

    await user.click(trigger);
    menu = await screen.findByRole('menu', { name: 'Actions' });
    await waitFor(() => expect(document.activeElement).toBe(item('Check updates')));
    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement).toBe(item('Delete')));
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(document.activeElement).toBe(item('Check updates')));
    await user.keyboard('{Enter}');
    expect(onCheck).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());

    // And with the pointer.
    await user.click(trigger);
    await user.click(await screen.findByRole('menuitem', { name: 'Check updates' }));
    expect(onCheck).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.queryByRole('menu')).toBeNull());
    expect(onClose).not.toHaveBeenCalled();
  });

  it('a popover takes typing, and its Escape closes only the popover', async () => {
    const onClose = vi.fn();
    const user = userEvent.setup({ delay: null });
    render(<DialogWithMenu onCheck={() => {}} onClose={onClose} />);
    const dialog = await screen.findByRole('dialog', { name: 'Download tasks' });
    const trigger = within(dialog).getByRole('button', { name: 'Columns' });
    await user.click(trigger);
    const panel = await screen.findByRole('group', { name: 'Columns' });
    expect(dialog.contains(panel)).toBe(true);
    const field = within(panel).getByLabelText('Quick filter');
    await user.click(field);
    await user.type(field, 'KB50');
    expect((field as HTMLInputElement).value).toBe('KB50');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Columns' })).toBeNull());
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { name: 'Download tasks' })).toBe(dialog);
    await waitFor(() => expect(document.activeElement).toBe(trigger));
  });
});

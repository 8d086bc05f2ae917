import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ConfirmDialog } from '../../../../renderer/src/components/modal';

/*
 * ConfirmDialog on Radix Dialog (renderer/src/components/modal.tsx): where the focus lands when it
 * opens, what Escape does, and where the focus goes back. No main process: the dialog calls none.
 */
function Harness({ onConfirm, onCancel }: { onConfirm: () => void; onCancel: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Delete hosts…
      </button>
      {open && (
        <ConfirmDialog
          title="Delete hosts"
          message="Delete 3 hosts?"
          confirmLabel="Delete"
          cancelLabel="Cancel"
          onConfirm={() => {
            setOpen(false);
            onConfirm();
          }}
          onCancel={() => {
            setOpen(false);
            onCancel();
          }}
        />
      )}
    </>
  );
}

async function openDialog() {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  const user = userEvent.setup();
  render(<Harness onConfirm={onConfirm} onCancel={onCancel} />);
  const opener = screen.getByRole('button', { name: 'Delete hosts…' });
  await user.click(opener);
  const dialog = await screen.findByRole('dialog', { name: 'Delete hosts' });
  return { user, dialog, opener, onConfirm, onCancel };
}

describe('ConfirmDialog', () => {
  it('opens with the focus on its confirm button, not on the × of the title bar', async () => {
    const { dialog } = await openDialog();
    expect(dialog.getAttribute('data-state')).toBe('open');
    const focused = document.activeElement;
    expect(focused).toBe(screen.getByRole('button', { name: 'Delete' }));
    expect(focused).not.toBe(screen.getByRole('button', { name: '×' }));
  });

  it('Enter confirms at once (the focused button), and only once', async () => {
    const { user, onConfirm, onCancel } = await openDialog();
    await user.keyboard('{Enter}');
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('Escape cancels: the dialog closes, nothing is confirmed, the focus returns to the opener', async () => {
    const { user, opener, onConfirm, onCancel } = await openDialog();
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('Tab moves from confirm to the other buttons, still inside the dialog', async () => {
    const { user, dialog } = await openDialog();
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    expect(dialog.contains(document.activeElement)).toBe(true);
  });
});

import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Modal } from '../../../../renderer/src/components/modal';

/*
 * Where the focus lands when a Modal opens (renderer/src/components/modal.tsx) and what Escape does
 * while it is busy. Radix Dialog left to itself focuses the first tabbable element, the × of the
 * title bar: these tests fail if the Modal stops choosing the control itself.
 */
function Opener({ children }: { children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      {open && children(() => setOpen(false))}
    </>
  );
}

async function open(children: (close: () => void) => ReactNode) {
  const user = userEvent.setup({ delay: null });
  render(<Opener>{children}</Opener>);
  await user.click(screen.getByRole('button', { name: 'Open' }));
  return user;
}

describe('Modal focus on open', () => {
  it('a form dialog opens on its first field, not on the ×', async () => {
    await open((close) => (
      <Modal title="Add a repository path" onClose={close}>
        <label>
          Path
          <input name="path" />
        </label>
      </Modal>
    ));
    const dialog = await screen.findByRole('dialog', { name: 'Add a repository path' });
    expect(document.activeElement).toBe(within(dialog).getByRole('textbox', { name: 'Path' }));
  });

  it('with nothing to fill in, the first answer of the footer; a control marked data-autofocus wins', async () => {
    await open((close) => (
      <Modal
        title="Leave?"
        onClose={close}
        footer={
          <>
            <button type="button" onClick={close}>
              Leave
            </button>
            <button type="button" onClick={close} data-autofocus>
              Stay
            </button>
          </>
        }
      >
        <p>The rule package has unsaved changes.</p>
      </Modal>
    ));
    await screen.findByRole('dialog', { name: 'Leave?' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Stay' }));
  });

  it('a question without a marked answer opens on its first answer', async () => {
    await open((close) => (
      <Modal
        title="Forget?"
        onClose={close}
        footer={
          <button type="button" onClick={close}>
            Cancel
          </button>
        }
      >
        <p>Forget the package?</p>
      </Modal>
    ));
    await screen.findByRole('dialog', { name: 'Forget?' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
  });
});

describe('Modal while busy', () => {
  function BusyDialog({ onClose }: { onClose: () => void }) {
    const [busy, setBusy] = useState(true);
    return (
      <Modal title="Creating the key" onClose={onClose} busy={busy}>
        <button type="button" onClick={() => setBusy(false)}>
          Finish
        </button>
      </Modal>
    );
  }

  it('Escape (pressed twice) and × do not close it while busy; once it is done, Escape does', async () => {
    const onClose = vi.fn();
    const user = await open((close) => (
      <BusyDialog
        onClose={() => {
          onClose();
          close();
        }}
      />
    ));
    const dialog = await screen.findByRole('dialog', { name: 'Creating the key' });
    const cross = within(dialog).getByRole('button', { name: '×' });
    expect(cross).toHaveProperty('disabled', true);
    expect(dialog.getAttribute('aria-busy')).toBe('true');
    await user.keyboard('{Escape}');
    await user.keyboard('{Escape}');
    expect(onClose).not.toHaveBeenCalled();
    expect(dialog.getAttribute('data-state')).toBe('open');

    await user.click(within(dialog).getByRole('button', { name: 'Finish' }));
    await waitFor(() => expect(cross).toHaveProperty('disabled', false));
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

import * as Dialog from '@radix-ui/react-dialog';
import { useState, type ReactNode } from 'react';
import { Button } from './button';

/** What can take the focus when a dialog opens, in document order. */
const FOCUSABLE = [
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'button:not([disabled])',
  'a[href]',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/**
 * The control a dialog opens on: the one marked `data-autofocus`, else the first usable control of
 * its body (a form's first field), else of its footer (a question's first answer). Never the × of
 * the header: Enter must not close a dialog that was just opened.
 */
export function firstUsefulControl(dialog: HTMLElement): HTMLElement | null {
  // A control hidden inside the dialog (a closed section, display: none) has no boxes: skipped.
  const visible = (el: HTMLElement) => el.getClientRects().length > 0;
  const marked = [...dialog.querySelectorAll<HTMLElement>('[data-autofocus]')].find(visible);
  if (marked) return marked;
  for (const part of ['.modal__body', '.modal__footer']) {
    for (const el of dialog.querySelectorAll<HTMLElement>(`:scope > ${part} :is(${FOCUSABLE})`)) {
      if (visible(el)) return el;
    }
  }
  return null;
}

/**
 * Every open modal of the console (Modal, ConfirmDialog, the command palette) carries these:
 * Radix marks its open content `data-state="open"`, and `aria-modal` (set by us) tells a modal
 * dialog from a popover whose role is also `dialog` (components/ui/popover.tsx).
 */
const OPEN_MODAL = '[role="dialog"][aria-modal="true"][data-state="open"]';

/** Whether a modal dialog is open: it owns the keyboard, so nothing may open over it uninvited. */
export function isModalOpen(doc: Document = document): boolean {
  return doc.querySelector(OPEN_MODAL) !== null;
}

/**
 * Gives the focus back to the element that had it when the dialog was rendered (the opener), once
 * the dialog is gone, unless something else took it meanwhile (a field a palette command focused,
 * a dialog it opened). Radix returns the focus only to a Dialog.Trigger, and the console's dialogs
 * have none: the parent mounts them while they are open.
 *
 * The opener is read at the first render, before the dialog's content exists, as PointerMenu
 * does (components/ui/menu.tsx).
 */
export function useFocusReturn(): {
  /** For Dialog.Content's onCloseAutoFocus (called once the content is unmounted). */
  onCloseAutoFocus: (e: Event) => void;
  /** Gives the focus back now, when lost (the palette, before running a command). */
  giveFocusBack: () => void;
} {
  const [opener] = useState(() => document.activeElement);
  const giveFocusBack = () => {
    const active = document.activeElement;
    const lost = active === null || active === document.body || !active.isConnected;
    if (!lost) return;
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    // The opener is gone (a menu item that opened this dialog over another one): the keyboard goes
    // to the dialog now on top, the last one portalled to <body>.
    else [...document.querySelectorAll<HTMLElement>(OPEN_MODAL)].at(-1)?.focus();
  };
  return {
    onCloseAutoFocus: (e) => {
      e.preventDefault();
      giveFocusBack();
    },
    giveFocusBack,
  };
}

/**
 * A modal dialog on Radix Dialog (WAI-ARIA dialog pattern from a maintained library): the focus is
 * trapped inside, the rest of the page is hidden from assistive technologies and takes no pointer
 * input, and dialogs stack (a confirmation or the key unlock over a grid dialog): each one
 * portalled to <body> above the previous, Escape closing only the top one. Escape closes through
 * `onClose` (the parent owns the state: it mounts the Modal while it is open) unless `busy`; a
 * click outside does nothing, as a native modal <dialog> did (the command palette is the
 * exception, commands/command-palette.tsx).
 *
 * Focus on open: firstUsefulControl, not Radix's first tabbable element (the header's ×). A
 * control that must have the focus says so with `data-autofocus`. Focus on close: back to the
 * opener (useFocusReturn).
 *
 * Menus and popovers opened inside a dialog are not portalled (components/ui/menu.tsx): they stay
 * in the dialog's content, so its focus trap and pointer rules count them as part of it.
 */
export function Modal({
  title,
  onClose,
  children,
  footer,
  wide,
  testId,
  busy = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
  /** Work in progress that closing would not stop: Escape and × do nothing meanwhile. */
  busy?: boolean;
}) {
  const { onCloseAutoFocus } = useFocusReturn();
  return (
    <Dialog.Root
      open
      onOpenChange={(open) => {
        if (!open && !busy) onClose();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className={wide ? 'modal modal--wide' : 'modal'}
          aria-modal="true"
          aria-describedby={undefined}
          aria-busy={busy || undefined}
          data-testid={testId}
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            const content = e.currentTarget as HTMLElement;
            // Nothing to fill in or answer: the dialog itself, still not the ×.
            (firstUsefulControl(content) ?? content).focus();
          }}
          onCloseAutoFocus={onCloseAutoFocus}
          onEscapeKeyDown={(e) => {
            if (busy) e.preventDefault();
          }}
          // A click outside (on the overlay) or the focus leaving does not close a console dialog.
          onInteractOutside={(e) => e.preventDefault()}
        >
          <header className="modal__header">
            <Dialog.Title>{title}</Dialog.Title>
            <Button variant="ghost" aria-label="×" onClick={onClose} disabled={busy}>
              ×
            </Button>
          </header>
          <div className="modal__body">{children}</div>
          {footer && <footer className="modal__footer">{footer}</footer>}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A yes/no question before a consequential action. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal
      title={title}
      onClose={onCancel}
      testId="confirm-dialog"
      footer={
        <>
          <Button onClick={onCancel}>{cancelLabel}</Button>
          <Button variant="primary" onClick={onConfirm} data-autofocus>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <p>{message}</p>
    </Modal>
  );
}

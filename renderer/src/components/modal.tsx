import { useEffect, useRef, type ReactNode } from 'react';
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
  // A nested dialog not open yet has no boxes: its controls are skipped.
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
 * A modal on the native <dialog>: the browser traps the focus (the page behind is inert) and
 * restores it on close. Escape closes through `onClose` (the parent owns the state) unless `busy`.
 *
 * Focus on open: firstUsefulControl. React's `autoFocus` cannot do it inside a Modal: React focuses
 * the element while the <dialog> is still closed (display: none, so nothing happens), and
 * showModal() then focuses the first focusable element, the header's ×. A control that must have
 * the focus says so with `data-autofocus`, read here after showModal().
 *
 * Still the native <dialog>, not Radix Dialog (issue 14 point 2, left for a later change): the
 * dialogs open over one another (a confirmation or the key unlock over a grid dialog) and the
 * command palette is a native modal <dialog> too; whatever is outside the open native dialog is
 * inert, so a Radix dialog portalled to <body> over one of them could not be used. They have to
 * move together, with the palette.
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
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    firstUsefulControl(d)?.focus();
    return () => d.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal--wide' : 'modal'}
      aria-label={title}
      aria-busy={busy || undefined}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      onKeyDown={(e) => {
        // Chrome closes a <dialog> on a second Escape even when its cancel event was refused:
        // while busy, stop the close request at the key itself.
        if (busy && e.key === 'Escape') e.preventDefault();
      }}
    >
      <header className="modal__header">
        <h2>{title}</h2>
        <Button variant="ghost" aria-label="×" onClick={onClose} disabled={busy}>
          ×
        </Button>
      </header>
      <div className="modal__body">{children}</div>
      {footer && <footer className="modal__footer">{footer}</footer>}
    </dialog>
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

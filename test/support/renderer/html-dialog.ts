/**
 * The parts of the HTML <dialog> behaviour that happy-dom lacks and the console relies on
 * (renderer/src/components/modal.tsx, the command palette). Without them a component test could
 * not fail where Chromium does: happy-dom's showModal() only sets `open`, moves no focus and
 * ignores Escape. What is implemented, after the HTML standard ("dialog focusing steps", "close
 * requests", "being rendered"):
 *
 * - An element inside a dialog that is not open is not rendered, so `focus()` does nothing there.
 *   (This is why React's `autoFocus`, which calls focus() before a parent's effect opens the
 *   dialog, is lost in a browser.)
 * - `showModal()` opens the dialog, remembers the focused element, then focuses the first
 *   descendant carrying the `autofocus` attribute, else the first focusable descendant, else the
 *   dialog itself.
 * - `close()` gives the focus back to the element focused before `showModal()`.
 * - Escape (a keydown nobody cancelled) on an open modal dialog fires a cancelable `cancel` event
 *   at the topmost one, and closes it unless the event was cancelled.
 */

const FOCUSABLE = [
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  'a[href]',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

let installed = false;

export function installHtmlDialogBehaviour(): void {
  if (installed) return;
  installed = true;
  const modals: HTMLDialogElement[] = [];
  const previousFocus = new WeakMap<HTMLDialogElement, Element | null>();
  const proto = HTMLDialogElement.prototype;
  // Kept to be called with their element as `this` (Function.prototype.call below).
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const baseClose = proto.close;
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const baseFocus = HTMLElement.prototype.focus;

  HTMLElement.prototype.focus = function focus(this: HTMLElement, options?: FocusOptions) {
    // "Being rendered": descendants of a dialog without `open` are display:none.
    const host = this.closest('dialog');
    if (host && !host.open && host !== this) return;
    baseFocus.call(this, options);
  };

  proto.showModal = function showModal(this: HTMLDialogElement) {
    if (this.open) {
      if (modals.includes(this)) return;
      throw new DOMException('the dialog is already open as a non-modal dialog', 'InvalidStateError');
    }
    if (!this.isConnected) throw new DOMException('the dialog is not connected', 'InvalidStateError');
    previousFocus.set(this, document.activeElement);
    this.setAttribute('open', '');
    modals.push(this);
    const target =
      this.querySelector<HTMLElement>('[autofocus]') ?? this.querySelector<HTMLElement>(FOCUSABLE) ?? this;
    target.focus();
  };

  proto.close = function close(this: HTMLDialogElement, returnValue?: string) {
    const wasOpen = this.open;
    const index = modals.indexOf(this);
    if (index >= 0) modals.splice(index, 1);
    baseClose.call(this, returnValue);
    if (!wasOpen) return;
    const back = previousFocus.get(this);
    previousFocus.delete(this);
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  };

  window.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    const top = modals.findLast((d) => d.isConnected && d.open);
    if (!top) return;
    const cancel = new Event('cancel', { cancelable: true });
    if (top.dispatchEvent(cancel)) top.close();
  });
}

import { Button } from './button';

/**
 * The footer of a dialog that asks to confirm one action: Cancel, then the primary button that
 * does it (disabled while it cannot, or while it runs). Shared by the delete-hosts and promote
 * dialogs so every confirmation reads and behaves the same.
 */
export function ConfirmFooter({
  cancelLabel,
  onCancel,
  confirmLabel,
  onConfirm,
  disabled = false,
  confirmTestId,
}: {
  cancelLabel: string;
  onCancel: () => void;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  confirmTestId?: string;
}) {
  return (
    <>
      <Button onClick={onCancel}>{cancelLabel}</Button>
      <Button variant="primary" data-testid={confirmTestId} disabled={disabled} onClick={onConfirm}>
        {confirmLabel}
      </Button>
    </>
  );
}

import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { Button } from '../components/button';
import { Modal } from '../components/modal';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { useDraftStore } from './draft-store';

/**
 * "Leave and lose the changes?" before an action that would drop unsaved input (Disconnect,
 * closing an editor; "Quit…" when it ends the console: Ctrl+Q, closing the window). The safe
 * choice is the default: *Stay* has the focus, so Enter and Escape both keep the form.
 */
export function UnsavedChangesDialog({
  forms,
  onStay,
  onLeave,
  quitting = false,
}: {
  forms: readonly MessageKey[];
  onStay: () => void;
  onLeave: () => void;
  quitting?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Modal
      title={t('unsaved.title')}
      onClose={onStay}
      testId="unsaved-dialog"
      footer={
        <>
          <Button onClick={onLeave}>{t(quitting ? 'unsaved.quit' : 'unsaved.leave')}</Button>
          {/* The Modal focuses it when it opens (components/modal.tsx, firstUsefulControl). */}
          <Button variant="primary" onClick={onStay} data-autofocus>
            {t('unsaved.stay')}
          </Button>
        </>
      }
    >
      {forms.map((f) => (
        <p key={f}>{t(quitting ? 'unsaved.quitMessage' : 'unsaved.message', { form: t(f) })}</p>
      ))}
    </Modal>
  );
}

export interface GuardOptions {
  /** Ask only about these forms (the others are not dropped by the action). */
  only?: readonly MessageKey[];
  /** The action ends the console (Ctrl+Q): the dialog says "Quit" instead of "Leave". */
  quitting?: boolean;
}

/**
 * Runs `action` at once when no form holds unsaved changes (or none of `only`), otherwise after
 * the person chooses to leave. Returns the guarded action and the dialog to render.
 */
export function useUnsavedGuard(): {
  guard: (action: () => void, options?: GuardOptions) => void;
  dialog: ReactNode;
} {
  const store = useDraftStore();
  const unsaved = useSyncExternalStore(store.subscribe, () => store.unsavedForms().join('|'));
  const [pending, setPending] = useState<{
    action: () => void;
    forms: MessageKey[];
    quitting: boolean;
  } | null>(null);
  const guard = (action: () => void, { only, quitting = false }: GuardOptions = {}) => {
    const forms = store.unsavedForms().filter((f) => !only || only.includes(f));
    if (forms.length === 0) action();
    else setPending({ action, forms, quitting });
  };
  const dialog =
    pending && unsaved !== '' ? (
      <UnsavedChangesDialog
        forms={pending.forms}
        quitting={pending.quitting}
        onStay={() => setPending(null)}
        onLeave={() => {
          const { action } = pending;
          setPending(null);
          action();
        }}
      />
    ) : null;
  return { guard, dialog };
}

import { useState, useSyncExternalStore, type ReactNode } from 'react';
import { Button } from '../components/button';
import { Modal } from '../components/modal';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { useDraftStore } from './draft-store';

/**
 * "Leave and lose the changes?" before an action that would drop unsaved input (Disconnect,
 * closing an editor). The safe choice is the default: *Stay* has the focus, so Enter and Escape
 * both keep the form.
 */
export function UnsavedChangesDialog({
  forms,
  onStay,
  onLeave,
}: {
  forms: readonly MessageKey[];
  onStay: () => void;
  onLeave: () => void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      title={t('unsaved.title')}
      onClose={onStay}
      testId="unsaved-dialog"
      footer={
        <>
          <Button onClick={onLeave}>{t('unsaved.leave')}</Button>
          {/* The Modal focuses it when it opens (components/modal.tsx, firstUsefulControl). */}
          <Button variant="primary" onClick={onStay} data-autofocus>
            {t('unsaved.stay')}
          </Button>
        </>
      }
    >
      {forms.map((f) => (
        <p key={f}>{t('unsaved.message', { form: t(f) })}</p>
      ))}
    </Modal>
  );
}

/**
 * Runs `action` at once when no form holds unsaved changes (or only `ignore` does), otherwise
 * after the person chooses to leave. Returns the guarded action and the dialog to render.
 */
export function useUnsavedGuard(): {
  guard: (action: () => void, only?: readonly MessageKey[]) => void;
  dialog: ReactNode;
} {
  const store = useDraftStore();
  const unsaved = useSyncExternalStore(store.subscribe, () => store.unsavedForms().join('|'));
  const [pending, setPending] = useState<{ action: () => void; forms: MessageKey[] } | null>(null);
  const guard = (action: () => void, only?: readonly MessageKey[]) => {
    const forms = store.unsavedForms().filter((f) => !only || only.includes(f));
    if (forms.length === 0) action();
    else setPending({ action, forms });
  };
  const dialog =
    pending && unsaved !== '' ? (
      <UnsavedChangesDialog
        forms={pending.forms}
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

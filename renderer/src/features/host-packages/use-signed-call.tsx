import { useCallback, useState, type ReactNode } from 'react';
import { presentError } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { UnlockKeyDialog } from '../keys/unlock-key-dialog';

/**
 * Runs a call that signs in the main process. KEY_LOCKED (the key is configured but locked) opens
 * the unlock dialog and runs the call again once unlocked; any other error is kept for a banner.
 */
export function useSignedCall(): {
  run: (call: () => Promise<void>) => void;
  busy: boolean;
  error: unknown;
  clearError: () => void;
  dialogs: ReactNode;
} {
  const { t } = useI18n();
  const [pending, setPending] = useState<(() => Promise<void>) | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = useCallback(
    (call: () => Promise<void>) => {
      setError(null);
      setBusy(true);
      call()
        .catch((err: unknown) => {
          if (presentError(err, t).code === 'KEY_LOCKED') setPending(() => call);
          else setError(err);
        })
        .finally(() => setBusy(false));
    },
    [t],
  );

  const dialogs = pending ? (
    <UnlockKeyDialog
      onClose={() => setPending(null)}
      onUnlocked={() => {
        const call = pending;
        setPending(null);
        run(call);
      }}
    />
  ) : null;
  return { run, busy, error, clearError: () => setError(null), dialogs };
}

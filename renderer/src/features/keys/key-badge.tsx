import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { keyKeys, keyQueries } from '../../queries/keys';
import { useRegisterCommands } from '../../commands/command-registry';
import { CreateKeyDialog } from './create-key-dialog';
import { UnlockKeyDialog } from './unlock-key-dialog';

/** Shows whether signing is possible; without an unlocked key the console is read-only. */
export function KeyBadge() {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const status = useQuery(keyQueries.status(api));
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const lock = useMutation({
    mutationFn: () => api.call('keys.lock', {}),
    onSuccess: (s) => queryClient.setQueryData(keyKeys.status, s),
  });
  const s = status.data;
  // The shell's keys entries, also in the command palette.
  useRegisterCommands([
    {
      id: 'keys.create',
      label: t('keys.create.title'),
      group: t('palette.group.general'),
      run: () => setCreating(true),
    },
  ]);
  return (
    <>
      {s?.unlocked ? (
        <span className="badge badge--ok" data-testid="key-badge" data-unlocked="true">
          {t('keys.unlocked', { cn: s.certificate?.cn ?? '' })}
          <button type="button" className="btn btn--link" onClick={() => lock.mutate()}>
            {t('keys.lockButton')}
          </button>
        </span>
      ) : (
        <span className="badge badge--warn" data-testid="key-badge" data-unlocked="false">
          {t('keys.readOnly')}
          <button type="button" className="btn btn--link" onClick={() => setOpen(true)}>
            {t('keys.unlockButton')}
          </button>
        </span>
      )}
      <button
        type="button"
        className="btn btn--ghost"
        onClick={() => setCreating(true)}
        data-testid="key-create-open"
      >
        {t('keys.createButton')}
      </button>
      {open && <UnlockKeyDialog onClose={() => setOpen(false)} />}
      {creating && <CreateKeyDialog onClose={() => setCreating(false)} />}
    </>
  );
}

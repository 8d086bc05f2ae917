import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { keyKeys, keyQueries } from '../../queries/keys';
import { useTabCommands } from '../../commands/command-registry';
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
  // Unlock, lock and create are in the command palette (commands/command-catalogue.ts: unlock is
  // offered while no key is unlocked, lock while one is, as this badge shows one or the other).
  useTabCommands(
    'keys',
    {},
    {
      'keys.unlock': () => setOpen(true),
      'keys.lock': () => lock.mutate(),
      'keys.create': () => setCreating(true),
    },
  );
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

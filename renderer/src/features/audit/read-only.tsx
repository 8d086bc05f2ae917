import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { keyQueries } from '../../queries/keys';

/**
 * Read-only mode: without an unlocked admin key the Windows-updates and Audit tabs change nothing
 * on the server (downloads, deletions are disabled; main refuses them too). While the key status
 * is unknown the tabs stay read-only.
 */
export function useReadOnly(): boolean {
  const api = useApi();
  const status = useQuery(keyQueries.status(api));
  return status.data?.unlocked !== true;
}

/** The visible badge (the shell's key badge next to it offers to unlock the key). */
export function ReadOnlyBadge() {
  const { t } = useI18n();
  const readOnly = useReadOnly();
  if (!readOnly) return null;
  return (
    <span className="badge badge--warn" data-testid="read-only-badge" title={t('readOnly.hint')}>
      {t('readOnly.badge')}
    </span>
  );
}

import { useQuery } from '@tanstack/react-query';
import type { ServerCapabilities } from '../../../../common/ipc/server-capabilities';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreQueries } from '../../queries/core';

/** The connected server's capabilities (docs/server-capabilities.md); null while unknown. */
export function useServerCapabilities(): ServerCapabilities | null {
  const api = useApi();
  return useQuery(coreQueries.session(api)).data?.capabilities ?? null;
}

/**
 * What a WUA tab shows on a server without Windows updates (a community edition): one sentence
 * instead of route errors. The genuine console hides these tabs; here they stay visible, disabled,
 * so an administrator knows why the feature is absent.
 */
export function WuaNotOffered({ caps }: { caps: ServerCapabilities }) {
  const { t } = useI18n();
  return (
    <p className="hint" role="status" data-testid="wua-not-offered">
      {t('server.wuaNotOffered', {
        edition: caps.edition === 'unknown' ? t('server.edition.unknown') : caps.edition,
      })}
    </p>
  );
}

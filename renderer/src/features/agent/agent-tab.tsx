import { useQuery } from '@tanstack/react-query';
import { ErrorBanner } from '../../errors/presenter';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { agentQueries } from '../../queries/agent';
import { AgentWizard } from './agent-wizard';

/**
 * "Build the agent": loads the saved (or default) configuration, then the wizard (certificates,
 * server, agent options, Windows updates, then the key and the build; agent-wizard.tsx and
 * steps/). Validation runs as you type with the same schema as the CLI; the preview comes from
 * main (the template lives there).
 */
export function AgentTab() {
  const api = useApi();
  const { t } = useI18n();
  const loaded = useQuery({
    ...agentQueries.config(api),
  });
  if (loaded.error) return <ErrorBanner error={loaded.error} t={t} onRetry={() => void loaded.refetch()} />;
  if (!loaded.data) return <p>{t('app.loading')}</p>;
  return <AgentWizard loaded={loaded.data} />;
}

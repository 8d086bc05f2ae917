import { useQuery } from '@tanstack/react-query';
import { useFormContext, useWatch } from 'react-hook-form';
import type { ConfigIssue } from '../../../../../common/domain/agent-config';
import type { AgentCertificateRow } from '../../../../../common/ipc/methods/agent-build';
import { ErrorBanner } from '../../../errors/presenter';
import { useI18n } from '../../../i18n/i18n';
import { useApi } from '../../../platform/api-client';
import { agentQueries } from '../../../queries/agent';
import type { AgentFormValues } from '../agent-form';
import { AgentCertificates } from '../agent-certificates';
import { AS_TYPED, useIssueFor } from './field';

/** Step 1: the certificates agents will trust. */
export function CertificatesStep({ issues }: { issues: readonly ConfigIssue[] }) {
  const api = useApi();
  const { t } = useI18n();
  const { setValue, control } = useFormContext<AgentFormValues>();
  const [certificates, includeNonCA] = useWatch({ control, name: ['certificates', 'includeNonCA'] });
  const issueFor = useIssueFor(issues);
  // The grid shows what the build will do with each certificate (expired / non-CA dropped).
  const certRows = useQuery({
    ...agentQueries.certificates(api, certificates, includeNonCA),
    enabled: certificates.length > 0,
  });
  const rows: AgentCertificateRow[] = certificates.length > 0 ? (certRows.data ?? []) : [];
  const certificatesIssue = issueFor('certificates');
  return (
    <>
      <AgentCertificates
        rows={rows}
        includeNonCA={includeNonCA}
        onIncludeNonCA={(v) => setValue('includeNonCA', v, AS_TYPED)}
        onAdd={(added) =>
          setValue('certificates', [...new Set([...certificates, ...added.map((r) => r.path)])], AS_TYPED)
        }
        onRemove={(paths) =>
          setValue(
            'certificates',
            certificates.filter((p) => !paths.includes(p)),
            AS_TYPED,
          )
        }
      />
      {certificatesIssue && <p className="hint error">{certificatesIssue}</p>}
      {certRows.error && <ErrorBanner error={certRows.error} t={t} />}
    </>
  );
}

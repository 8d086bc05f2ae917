import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ALL_UPDATES, type ParsedUpdatesFilter } from '../../../../common/ipc/methods/updates';
import { Button } from '../../components/button';
import { Splitter } from '../../components/splitter';
import { Tabs } from '../../components/tabs';
import { useTabCommands } from '../../commands/command-registry';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ExportReceiptNotice, type ExportReceipt } from '../../grids/export-csv';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { auditKeys, auditQueries, updateQueries } from '../../queries/updates';
import { useRefresh } from '../../refresh';
import { FleetCountsBar } from '../capabilities/fleet-counts-bar';
import { AuditSummaryView, useSummaryExport } from './audit-summary';
import { HostComplianceGrid } from './host-compliance-grid';
import { ReadOnlyBadge } from './read-only';
import { UpdateComplianceGrid } from './update-compliance-grid';
import { useAuditHostRows } from './use-audit-host-rows';

export { COMPLIANCE_DEFINITION } from './audit-columns';

/**
 * Auditor view (docs/wapt-console-features.md §1.F, §3 #5): compliance by product and severity (SVG bars
 * with their table), per update and per host, CSV exports with provenance and SHA-256.
 * Read-only by design; the badge says so when no key is unlocked.
 */
export function AuditTab() {
  const api = useApi();
  const { t, language } = useI18n();
  const [classification, setClassification] = useState<string>('');
  const filter = useMemo<ParsedUpdatesFilter>(
    () => ({ ...ALL_UPDATES, classifications: classification === '' ? null : [classification] }),
    [classification],
  );
  const summary = useQuery(auditQueries.summary(api, filter));
  const facets = useQuery(updateQueries.facets(api));
  const [view, setView] = useState<'auditUpdates' | 'auditHosts'>('auditUpdates');
  const [receipt, setReceipt] = useState<ExportReceipt | null>(null);
  const [error, setError] = useState<unknown>(null);
  const hostRows = useAuditHostRows(setError);
  const s = summary.data;

  const refresh = useRefresh();
  const refreshAudit = () => void refresh([auditKeys.all, ...hostRows.keys]);
  const exportSummary = useSummaryExport(s, filter);
  const runSummaryExport = () =>
    void exportSummary()
      .then((r) => r && setReceipt(r))
      .catch(setError);

  // The palette lists this wherever the user is (commands/command-catalogue.ts: label and enable
  // rule); here only the code that runs it.
  useTabCommands('audit', { loaded: s !== undefined }, { 'audit.exportSummary': runSummaryExport });

  return (
    <div className="audit-tab" data-testid="audit-tab">
      <div className="toolbar" role="toolbar" aria-label={t('shell.tabs.audit')}>
        <h2 className="wu-section-title">{t('audit.title')}</h2>
        <ReadOnlyBadge />
        <label className="field field--inline">
          <span>{t('wu.facets.classifications')}</span>
          <select
            name="auditClassification"
            value={classification}
            onChange={(e) => setClassification(e.target.value)}
          >
            <option value="">{t('audit.allClassifications')}</option>
            {(facets.data?.classifications ?? []).map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <Button onClick={refreshAudit} title={t('shell.refresh')}>
          {t('grid.refresh')}
        </Button>
        <Button data-testid="export-summary" onClick={runSummaryExport} disabled={!s}>
          {t('audit.exportSummary')}
        </Button>
        <span className="toolbar__spacer" />
        {s && (
          <span className="toolbar__notice">
            {t('hosts.asOf', { time: formatDateTime(s.asOf, language) })}
          </span>
        )}
      </div>
      {/* Charts above, the compliance grids below; the separator is saved in the settings. */}
      <Splitter
        id="audit.grids"
        label={t('layout.splitter.audit')}
        defaultPercent={40}
        testId="audit-split"
        first={
          <>
            <p className="hint">{t('audit.definition')}</p>
            {/* When the console's own counts are computed, it invalidates what shows them (this tab included). */}
            <FleetCountsBar autoStart />
            {summary.error && (
              <ErrorBanner error={summary.error} t={t} onRetry={() => void summary.refetch()} />
            )}
            {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
            {receipt && <ExportReceiptNotice receipt={receipt} onDismiss={() => setReceipt(null)} />}
            {summary.isPending && <p className="hint">{t('grid.loading')}</p>}
            {s && <AuditSummaryView summary={s} />}
          </>
        }
        second={
          <Tabs
            label={t('audit.title')}
            active={view}
            onChange={setView}
            tabs={[
              {
                key: 'auditUpdates',
                label: t('audit.tab.updates', { count: s?.updates.length ?? '…' }),
                render: () => (
                  <UpdateComplianceGrid
                    summary={s}
                    filter={filter}
                    onReceipt={setReceipt}
                    onError={setError}
                  />
                ),
              },
              {
                key: 'auditHosts',
                label: t('audit.tab.hosts', { count: hostRows.count ?? '…' }),
                render: () => (
                  <HostComplianceGrid rows={hostRows} onReceipt={setReceipt} onError={setError} />
                ),
              },
            ]}
          />
        }
      />
    </div>
  );
}

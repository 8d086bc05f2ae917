import type { ColDef } from 'ag-grid-community';
import { decideUpdate, type MergedWuaRules } from '../../../../../common/domain/wua-rules';
import type { UpdateRow } from '../../../../../common/ipc/methods/updates';
import type { MessageKey } from '../../../i18n/en';
import type { Translate } from '../../../i18n/i18n';
import { ruleLabel } from '../explain-dialog';

/**
 * A candidate's state under the draft alone: the agents' decision code (common/domain/wua-rules.ts)
 * with the agent's own default_allow unknown, so an update no rule decides reads "default".
 */
export function candidateStatus(t: Translate, u: UpdateRow, rules: MergedWuaRules): string {
  const d = decideUpdate(
    {
      update_id: u.update_id,
      kbids: u.kbids,
      product: u.product,
      classification: u.classification,
      severity: u.severity,
      changetime: u.changetime,
    },
    rules,
    { default_allow: true },
    Date.now(),
  );
  if (d.decidedBy.kind === 'default_allow' && d.decidedBy.origin === 'agent')
    return t('wuaRules.status.default');
  return `${t(d.allowed ? 'wuaRules.status.allowed' : 'wuaRules.status.forbidden')} · ${ruleLabel(t, d.decidedBy.kind)}`;
}

/**
 * The update columns of the editor's grids, on the grid toolkit's column types
 * (renderer/src/grids/column-types.ts); with `status`, a first column showing the draft's decision.
 */
export function updateColumns(t: Translate, status: ((u: UpdateRow) => string) | null): ColDef<UpdateRow>[] {
  const col = (
    colId: keyof UpdateRow,
    header: MessageKey,
    extra: Partial<ColDef<UpdateRow>> = {},
  ): ColDef<UpdateRow> => ({
    colId,
    field: colId,
    headerName: t(header),
    sortable: true,
    resizable: true,
    filter: true,
    ...extra,
  });
  const cols: ColDef<UpdateRow>[] = [
    col('update_id', 'upd.col.updateId', { width: 200 }),
    col('changetime', 'upd.col.published', { width: 110, type: 'day' }),
    // The toolkit's kb type: "KB5034441, …", also what the candidate filter searches.
    col('kbids', 'upd.col.kbs', { width: 110, type: 'kb' }),
    col('product', 'upd.col.product', { width: 160 }),
    col('classification', 'upd.col.classification', { width: 140 }),
    col('title', 'upd.col.title', { width: 340 }),
    col('severity', 'upd.col.severity', { width: 100 }),
    col('max_download_size', 'upd.col.size', { width: 100, type: 'bytes' }),
    col('downloaded_on', 'upd.col.downloadedOn', { width: 130, type: 'date' }),
    col('cve_ids', 'wuaRules.col.cve', { hide: true, type: 'list' }),
    col('superseded_update_ids', 'upd.col.superseded', { hide: true, type: 'list' }),
    col('reboot_behaviour', 'upd.col.reboot', { hide: true }),
    col('created_on', 'wuaRules.col.reportedOn', { hide: true, type: 'date' }),
  ];
  if (status)
    cols.unshift({
      colId: 'status',
      headerName: t('upd.col.status'),
      width: 200,
      sortable: true,
      filter: true,
      valueGetter: (p) => (p.data ? status(p.data) : ''),
    });
  return cols;
}

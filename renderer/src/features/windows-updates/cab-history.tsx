import { useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { CabHistoryRow, CatalogHealth } from '../../../../common/ipc/methods/updates';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { ConfirmDialog } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { formatBytes, formatDateTime } from '../../format';
import { ConsoleGrid } from '../../grids/console-grid';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { updateKeys, updateQueries } from '../../queries/updates';
import { useConsoleMutation } from '../../queries/mutation';
import { displayedCsvColumns, exportCsvWithProvenance, type ExportReceipt } from '../../grids/export-csv';
import type { ColumnType } from '../../grids/column-types';
import { statusCodeColDef } from '../../grids/column-types';

interface HistCol {
  colId: keyof CabHistoryRow;
  header: MessageKey;
  /** The grid toolkit's column type (grids/column-types.ts). */
  kind?: ColumnType;
  hidden?: boolean;
  width?: number;
}

/** `GridWSUSScan` (docs/wapt-console-features.md §1.A): Date, WSUS Cab Date, Status, WSUS Cab Size, Error, Reason; the rest hidden. */
const HISTORY_COLUMNS: readonly HistCol[] = [
  { colId: 'created_on', header: 'wu.cab.col.date', kind: 'date', width: 150 },
  { colId: 'file_date', header: 'wu.cab.col.cabDate', kind: 'date', width: 150 },
  { colId: 'status', header: 'wu.cab.col.status', width: 100 },
  { colId: 'file_size', header: 'wu.cab.col.cabSize', kind: 'bytes', width: 120 },
  { colId: 'error', header: 'wu.cab.col.error', width: 240 },
  { colId: 'reason', header: 'wu.cab.col.reason', width: 160 },
  { colId: 'result', header: 'wu.cab.col.result', hidden: true, width: 200 },
  { colId: 'forced', header: 'wu.tasks.col.forced', kind: 'yesNo', hidden: true },
  { colId: 'skipped', header: 'wu.tasks.col.skipped', kind: 'yesNo', hidden: true },
  { colId: 'cablist', header: 'wu.cab.col.cablist', kind: 'list', hidden: true },
  { colId: 'uuid', header: 'wu.cab.col.uuid', hidden: true, width: 280 },
  { colId: 'target_size', header: 'wu.tasks.col.targetSize', kind: 'bytes', hidden: true },
  { colId: 'file_timestamp', header: 'wu.cab.col.fileTimestamp', hidden: true },
  { colId: 'updated_on', header: 'wu.col.updatedOn', kind: 'date', hidden: true },
  { colId: 'updated_by', header: 'wu.col.updatedBy', hidden: true },
  { colId: 'created_by', header: 'wu.col.createdBy', hidden: true },
  { colId: 'id', header: 'wu.tasks.col.id', hidden: true, width: 80 },
];
const HISTORY_COL_IDS = HISTORY_COLUMNS.map((c) => c.colId);
const STATUS_CLASS: Record<string, string> = {
  OK: 'cell-ok',
  ERROR: 'cell-error',
  RUNNING: 'cell-info',
  SKIPPED: 'cell-muted',
};

const DAY_MS = 86_400_000;

/** Catalog health strip (docs/wapt-console-features.md §3 #8): cab age, last failure, updates not cached yet, downloads running. */
export function CatalogHealthStrip({ health }: { health: CatalogHealth | undefined }) {
  const { t, language } = useI18n();
  if (!health) return null;
  const ok = health.lastSuccessfulCab;
  const ageDays = ok?.file_date
    ? Math.floor(
        (Date.parse(health.asOf) -
          Date.parse(ok.file_date.endsWith('Z') ? ok.file_date : `${ok.file_date}Z`)) /
          DAY_MS,
      )
    : null;
  const failed = health.lastCab && health.lastCab.status === 'ERROR' ? health.lastCab : null;
  return (
    <div className="wu-health" data-testid="catalog-health" role="group" aria-label={t('wu.health.title')}>
      <span>
        {ok
          ? t('wu.health.cab', {
              date: formatDateTime(ok.file_date, language),
              size: formatBytes(ok.file_size, language),
              days: ageDays ?? '?',
            })
          : t('wu.health.noCab')}
      </span>
      {failed && (
        <span className="cell-error">
          {t('wu.health.lastFailed', {
            date: formatDateTime(failed.created_on, language),
            error: failed.error ?? '',
          })}
        </span>
      )}
      <span className={health.updatesNotCached > 0 ? 'cell-warn' : ''}>
        {t('wu.health.notCached', { count: health.updatesNotCached, total: health.updatesTotal })}
      </span>
      {(health.tasksRunning ?? 0) > 0 && (
        <span className="cell-info">{t('wu.health.running', { count: health.tasksRunning ?? 0 })}</span>
      )}
    </div>
  );
}

/** wsusscn2.cab sync history with Delete (Ctrl+Del, confirmation) and CSV export. */
export function CabHistorySection({
  readOnly,
  onExported,
  onError,
}: {
  readOnly: boolean;
  onExported: (r: ExportReceipt) => void;
  onError: (e: unknown) => void;
}) {
  const api = useApi();
  const { t, language } = useI18n();
  const layout = usePersistedGridState('wsusscanHistory', HISTORY_COL_IDS);
  const history = useQuery(updateQueries.cabHistory(api));
  const [gridApi, setGridApi] = useState<GridApi<CabHistoryRow>>();
  const [selected, setSelected] = useState<CabHistoryRow[]>([]);
  const [confirming, setConfirming] = useState(false);
  const remove = useConsoleMutation({
    mutationFn: (ids: number[]) => api.call('updates.deleteCabHistory', { ids }),
    // Some entries may be gone even when the call fails part-way.
    invalidates: [updateKeys.all],
    invalidateOn: 'settled',
    onError,
  });
  const columnDefs = useMemo<ColDef<CabHistoryRow>[]>(
    () =>
      HISTORY_COLUMNS.map((c) => ({
        colId: c.colId,
        field: c.colId,
        headerName: t(c.header),
        hide: c.hidden ?? false,
        width: c.width ?? 130,
        sortable: true,
        resizable: true,
        type: c.kind ?? (c.colId === 'id' ? 'number' : 'text'),
        // Status codes as labels in the user's language, the code in the tooltip.
        ...(c.colId === 'status'
          ? {
              ...statusCodeColDef(t),
              cellClass: (p: { value?: unknown }) => STATUS_CLASS[String(p.value)] ?? '',
            }
          : {}),
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `text` only depends on t and language
    [t, language],
  );
  const canDelete = !readOnly && selected.length > 0 && !remove.isPending;

  const exportCsv = async () => {
    if (!gridApi || !history.data) return;
    // The toolkit's CSV values: numbers stay numbers, dates ISO, the rest as shown.
    const columns = displayedCsvColumns(gridApi, language, t);
    onExported(
      await exportCsvWithProvenance(api, {
        title: t('wu.cab.title'),
        fileBase: 'wsusscn2-history',
        columns,
        rows: history.data.rows,
        query: { limit: 200 },
        asOf: history.data.asOf,
      }),
    );
  };

  return (
    <section className="wu-cab" aria-label={t('wu.cab.title')}>
      <div className="toolbar">
        <h3 className="wu-section-title">{t('wu.cab.title')}</h3>
        <button
          type="button"
          className="btn"
          disabled={!canDelete}
          onClick={() => setConfirming(true)}
          title={readOnly ? t('readOnly.hint') : undefined}
        >
          {t('wu.cab.delete')}
        </button>
        <GridLayoutControls api={gridApi as GridApi | undefined} onRestore={layout.restoreDefault} />
        <button
          type="button"
          className="btn"
          onClick={() => void exportCsv().catch(onError)}
          disabled={!gridApi || !history.data}
        >
          {t('grid.exportCsv')}
        </button>
        <span className="toolbar__spacer" />
        {history.data && (
          <span className="toolbar__notice">
            {t('hosts.asOf', { time: formatDateTime(history.data.asOf, language) })}
          </span>
        )}
      </div>
      {history.error && <ErrorBanner error={history.error} t={t} onRetry={() => void history.refetch()} />}
      <div
        className="grid-host wu-cab-grid"
        data-testid="cab-history-grid"
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 'Delete' && canDelete) {
            e.preventDefault();
            setConfirming(true);
          }
        }}
      >
        {layout.ready && (
          <ConsoleGrid<CabHistoryRow>
            key={layout.gridKey}
            columnDefs={columnDefs}
            rowData={history.data?.rows ?? []}
            getRowId={(p) => String(p.data.id)}
            initialState={layout.initialState}
            onStateUpdated={layout.onStateUpdated}
            onGridReady={(e) => setGridApi(e.api)}
            onSelection={(s) => setSelected(s.rows)}
            noRowsText={t('wu.cab.none')}
          />
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('wu.cab.delete')}
          message={t('wu.cab.confirmDelete', { count: selected.length })}
          confirmLabel={t('wu.confirm.deleteOk')}
          cancelLabel={t('wu.confirm.cancel')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            remove.mutate(selected.map((r) => r.id));
          }}
        />
      )}
    </section>
  );
}

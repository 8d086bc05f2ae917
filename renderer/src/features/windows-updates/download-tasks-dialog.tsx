import { useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi, ICellRendererParams } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { DownloadTask } from '../../../../common/ipc/methods/updates';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { formatDateTime } from '../../format';
import { ConsoleGrid } from '../../grids/console-grid';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { TASKS_IDLE_POLL_MS, TASKS_POLL_MS, updateKeys, updateQueries } from '../../queries/updates';
import { useRefresh } from '../../refresh';
import {
  displayedCsvColumns,
  exportCsvWithProvenance,
  ExportReceiptNotice,
  type ExportReceipt,
} from '../../grids/export-csv';
import { textOf, type ColumnType } from '../../grids/column-types';
import { statusCodeColDef } from '../../grids/column-types';

const FINAL = new Set(['DONE', 'ERROR', 'SKIPPED', 'OK', 'CANCELLED']);
const STATUS_CLASS: Record<string, string> = {
  DONE: 'cell-ok',
  OK: 'cell-ok',
  ERROR: 'cell-error',
  RUNNING: 'cell-info',
  PENDING: 'cell-muted',
  SKIPPED: 'cell-warn',
};

function ProgressCell(p: ICellRendererParams<DownloadTask>) {
  const v = p.data?.progress;
  if (v === null || v === undefined) return null;
  return (
    <span className="cell-progress">
      <progress max={100} value={v} aria-label={`${v}%`} />
      <span>{v}%</span>
    </span>
  );
}

interface TaskCol {
  colId: keyof DownloadTask;
  header: MessageKey;
  /** The grid toolkit's column type (grids/column-types.ts). */
  kind?: ColumnType;
  hidden?: boolean;
  width?: number;
}

/** Columns of WAPT's "Windows updates download tasks" (`TVisWUADownloads`, docs/wapt-console-features.md §1.A) plus progress. */
const TASK_COLUMNS: readonly TaskCol[] = [
  { colId: 'id', header: 'wu.tasks.col.id', width: 80 },
  { colId: 'kind', header: 'wu.tasks.col.kind', width: 100 },
  { colId: 'status', header: 'wu.tasks.col.status', width: 100 },
  { colId: 'progress', header: 'wu.tasks.col.progress', width: 140 },
  { colId: 'msg', header: 'wu.tasks.col.message', width: 140 },
  { colId: 'url', header: 'wu.tasks.col.url', width: 300 },
  { colId: 'started_on', header: 'wu.tasks.col.started', kind: 'date', width: 150 },
  { colId: 'finished_on', header: 'wu.tasks.col.finished', kind: 'date', width: 150 },
  { colId: 'file_size', header: 'wu.tasks.col.fileSize', kind: 'bytes', width: 110 },
  { colId: 'target_size', header: 'wu.tasks.col.targetSize', kind: 'bytes', width: 110 },
  { colId: 'error', header: 'wu.tasks.col.error', width: 220 },
  { colId: 'skipped', header: 'wu.tasks.col.skipped', kind: 'yesNo', width: 90 },
  { colId: 'forced', header: 'wu.tasks.col.forced', kind: 'yesNo', width: 90 },
  { colId: 'task_id', header: 'wu.tasks.col.taskId', hidden: true, width: 280 },
  { colId: 'local_filename', header: 'wu.tasks.col.localFilename', hidden: true, width: 220 },
  { colId: 'file_date', header: 'wu.tasks.col.fileDate', kind: 'date', hidden: true },
  { colId: 'update_id', header: 'upd.col.updateId', hidden: true, width: 280 },
  { colId: 'created_by', header: 'wu.col.createdBy', hidden: true },
];
const TASK_COL_IDS = TASK_COLUMNS.map((c) => c.colId);

/** Overall progress of the non-final tasks (mean of their progress), or null when none runs. */
export function overallProgress(rows: readonly DownloadTask[]): { running: number; percent: number | null } {
  const running = rows.filter((r) => !FINAL.has(r.status ?? ''));
  if (running.length === 0) return { running: 0, percent: null };
  return {
    running: running.length,
    percent: Math.floor(running.reduce((a, r) => a + (r.progress ?? 0), 0) / running.length),
  };
}

/** The live download-task monitor: polls every second while a task runs, every few seconds otherwise. */
export function DownloadTasksDialog({ onClose }: { onClose: () => void }) {
  const api = useApi();
  const refresh = useRefresh();
  const { t, language } = useI18n();
  const layout = usePersistedGridState('wuaDownloadTasks', TASK_COL_IDS);
  const [gridApi, setGridApi] = useState<GridApi<DownloadTask>>();
  const [receipt, setReceipt] = useState<ExportReceipt | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const tasks = useQuery({
    ...updateQueries.tasks(api),
    refetchInterval: (q) => ((q.state.data?.running ?? 0) > 0 ? TASKS_POLL_MS : TASKS_IDLE_POLL_MS),
  });
  const rows = useMemo(() => tasks.data?.rows ?? [], [tasks.data]);
  const progress = overallProgress(rows);
  const columnDefs = useMemo<ColDef<DownloadTask>[]>(
    () =>
      TASK_COLUMNS.map((c) => ({
        colId: c.colId,
        field: c.colId,
        headerName: t(c.header),
        hide: c.hidden ?? false,
        width: c.width ?? 130,
        sortable: true,
        resizable: true,
        type: c.kind ?? (c.colId === 'id' || c.colId === 'progress' ? 'number' : 'text'),
        ...(c.colId === 'progress'
          ? { valueFormatter: (p: { value?: unknown }) => (p.value == null ? '' : `${textOf(p.value)}%`) }
          : {}),
        // Status codes as labels in the user's language, the code in the tooltip.
        ...(c.colId === 'status'
          ? {
              ...statusCodeColDef(t),
              cellClass: (p: { value?: unknown }) => STATUS_CLASS[String(p.value)] ?? '',
            }
          : {}),
        ...(c.colId === 'progress' ? { cellRenderer: ProgressCell } : {}),
        ...(c.colId === 'id' ? { sort: 'desc' as const } : {}),
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `text` only depends on t and language
    [t, language],
  );

  const exportCsv = async () => {
    if (!gridApi || !tasks.data) return;
    // The toolkit's CSV values: numbers stay numbers, dates ISO, the rest as shown.
    const columns = displayedCsvColumns(gridApi, language, t);
    setReceipt(
      await exportCsvWithProvenance(api, {
        title: t('wu.tasks.title'),
        fileBase: 'wua-download-tasks',
        columns,
        rows,
        query: { limit: 500 },
        asOf: tasks.data.asOf,
      }),
    );
  };

  return (
    <Modal title={t('wu.tasks.title')} onClose={onClose} wide testId="download-tasks-dialog">
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => void refresh([updateKeys.tasks()])}>
          {t('grid.refresh')}
        </button>
        <GridLayoutControls api={gridApi as GridApi | undefined} onRestore={layout.restoreDefault} />
        <button
          type="button"
          className="btn"
          onClick={() => void exportCsv().catch(setExportError)}
          disabled={!gridApi || !tasks.data}
        >
          {t('grid.exportCsv')}
        </button>
        <span className="toolbar__spacer" />
        <span className="wu-progress" data-testid="tasks-progress" role="status">
          {progress.percent === null
            ? t('wu.tasks.idle')
            : t('wu.tasks.running', { count: progress.running, percent: progress.percent })}
          {progress.percent !== null && (
            <progress max={100} value={progress.percent} aria-label={t('wu.tasks.progress')} />
          )}
        </span>
      </div>
      {tasks.error && <ErrorBanner error={tasks.error} t={t} onRetry={() => void tasks.refetch()} />}
      {exportError !== null && (
        <ErrorBanner error={exportError} t={t} onDismiss={() => setExportError(null)} />
      )}
      {receipt && <ExportReceiptNotice receipt={receipt} onDismiss={() => setReceipt(null)} />}
      <div className="grid-host wu-tasks-grid" data-testid="download-tasks-grid">
        {layout.ready && (
          <ConsoleGrid<DownloadTask>
            selection="none"
            key={layout.gridKey}
            columnDefs={columnDefs}
            rowData={rows}
            getRowId={(p) => String(p.data.id)}
            initialState={layout.initialState}
            onStateUpdated={layout.onStateUpdated}
            onGridReady={(e) => setGridApi(e.api)}
            noRowsText={t('wu.tasks.none')}
          />
        )}
      </div>
      {tasks.data && (
        <p className="hint">{t('hosts.asOf', { time: formatDateTime(tasks.data.asOf, language) })}</p>
      )}
    </Modal>
  );
}

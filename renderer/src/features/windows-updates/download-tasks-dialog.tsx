import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColDef, GridApi, ICellRendererParams } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useMemo, useState } from 'react';
import type { DownloadTask } from '../../../../common/ipc/methods/updates';
import type { CsvColumn } from '../../../../common/domain/csv';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { Modal } from '../../components/modal';
import { ErrorBanner } from '../../errors/presenter';
import { formatBytes, formatDateTime } from '../../format';
import { gridTheme } from '../../grid-theme';
import { usePersistedGridState } from '../../grids/use-persisted-grid-state';
import type { MessageKey } from '../../i18n/en';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { TASKS_IDLE_POLL_MS, TASKS_POLL_MS, updateQueries } from '../../queries/updates';
import { useTheme } from '../../theme';
import { exportCsvWithProvenance, ExportReceiptNotice, type ExportReceipt } from '../audit/export-csv';

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
  kind?: 'date' | 'bytes' | 'bool';
  hidden?: boolean;
  width?: number;
}

/** Columns of WAPT's "Windows updates download tasks" (`TVisWUADownloads`, console-features.md §1.A) plus progress. */
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
  { colId: 'skipped', header: 'wu.tasks.col.skipped', kind: 'bool', width: 90 },
  { colId: 'forced', header: 'wu.tasks.col.forced', kind: 'bool', width: 90 },
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
  const queryClient = useQueryClient();
  const { t, language } = useI18n();
  const { dark } = useTheme();
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
  const text = (r: DownloadTask, c: TaskCol): string => {
    const v = r[c.colId];
    if (v === null || v === undefined) return '';
    if (c.kind === 'date') return formatDateTime(String(v), language);
    if (c.kind === 'bytes') return formatBytes(v as number);
    if (c.kind === 'bool') return v ? t('yes') : t('no');
    return c.colId === 'progress' ? `${String(v)}%` : String(v);
  };
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
        valueFormatter: (p: { data?: DownloadTask }) => (p.data ? text(p.data, c) : ''),
        ...(c.colId === 'status'
          ? { cellClass: (p: { value: unknown }) => STATUS_CLASS[String(p.value)] ?? '' }
          : {}),
        ...(c.colId === 'progress' ? { cellRenderer: ProgressCell } : {}),
        ...(c.colId === 'id' ? { sort: 'desc' as const } : {}),
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `text` only depends on t and language
    [t, language],
  );

  const exportCsv = async () => {
    if (!gridApi || !tasks.data) return;
    const shown = gridApi.getAllDisplayedColumns().map((c) => c.getColId());
    const columns: CsvColumn<DownloadTask>[] = shown.flatMap((id) => {
      const c = TASK_COLUMNS.find((x) => x.colId === id);
      return c
        ? [
            {
              header: t(c.header),
              value: (r: DownloadTask) =>
                c.kind === 'bytes' || c.colId === 'id' || c.colId === 'progress'
                  ? (r[c.colId] as number | null)
                  : c.kind === 'date'
                    ? (r[c.colId] as string | null)
                    : text(r, c),
            },
          ]
        : [];
    });
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
        <button
          type="button"
          className="btn"
          onClick={() => void queryClient.invalidateQueries({ queryKey: updateQueries.tasks(api).queryKey })}
        >
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
          <AgGridReact<DownloadTask>
            key={layout.gridKey}
            theme={gridTheme(dark)}
            columnDefs={columnDefs}
            rowData={rows}
            getRowId={(p) => String(p.data.id)}
            initialState={layout.initialState}
            onStateUpdated={layout.onStateUpdated}
            onGridReady={(e) => setGridApi(e.api)}
            localeText={{ noRowsToShow: t('wu.tasks.none'), loadingOoo: t('grid.loading') }}
          />
        )}
      </div>
      {tasks.data && (
        <p className="hint">{t('hosts.asOf', { time: formatDateTime(tasks.data.asOf, language) })}</p>
      )}
    </Modal>
  );
}

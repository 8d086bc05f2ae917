import { useQuery } from '@tanstack/react-query';
import type { ColDef } from 'ag-grid-community';
import { useMemo } from 'react';
import type { HostTask } from '../../../../common/ipc/methods/hosts';
import { ErrorBanner } from '../../errors/presenter';
import { ConsoleGrid } from '../../grids/console-grid';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostQueries } from '../../queries/hosts';

const STATE_CLASS: Record<HostTask['state'], string> = {
  RUNNING: 'cell-info',
  PENDING: 'cell-muted',
  DONE: 'cell-ok',
  ERROR: 'cell-error',
  CANCELLED: 'cell-muted',
};

/** The agent's tasks (running with progress, pending, done, errors), refreshed while something runs. */
export function HostTasksView({ uuid }: { uuid: string }) {
  const api = useApi();
  const { t } = useI18n();
  const tasks = useQuery({
    ...hostQueries.tasks(api, uuid),
    refetchInterval: (q) =>
      q.state.data?.tasks.some((x) => x.state === 'RUNNING' || x.state === 'PENDING') ? 1500 : 10_000,
  });
  const columns = useMemo<ColDef<HostTask>[]>(
    () => [
      { colId: 'id', field: 'id', headerName: '#', width: 80, sort: 'desc' },
      {
        colId: 'state',
        field: 'state',
        headerName: t('tasks.col.state'),
        width: 110,
        cellClass: (p) => STATE_CLASS[p.value as HostTask['state']] ?? '',
        valueFormatter: (p) => t(`tasks.state.${p.value as HostTask['state']}`),
      },
      { colId: 'description', field: 'description', headerName: t('tasks.col.description'), width: 280 },
      {
        colId: 'progress',
        field: 'progress',
        headerName: t('actions.col.progress'),
        width: 110,
        valueFormatter: (p) =>
          p.value === null || p.value === undefined ? '' : `${Math.round(p.value as number)} %`,
      },
      { colId: 'summary', field: 'summary', headerName: t('tasks.col.summary'), flex: 1, minWidth: 200 },
      {
        colId: 'created',
        field: 'created',
        headerName: t('tasks.col.created'),
        width: 150,
        type: 'date',
      },
      {
        colId: 'finished',
        field: 'finished',
        headerName: t('tasks.col.finished'),
        width: 150,
        type: 'date',
      },
    ],
    [t],
  );
  if (tasks.error) return <ErrorBanner error={tasks.error} t={t} onRetry={() => void tasks.refetch()} />;
  if (!tasks.data) return <p className="hint">{t('grid.loading')}</p>;
  if (!tasks.data.reachable) return <p className="empty-state">{t('tasks.unreachable')}</p>;
  const running = tasks.data.tasks.find((x) => x.state === 'RUNNING');
  return (
    <>
      {running && (
        <div className="row" data-testid="running-task">
          <span>{running.description}</span>
          <progress
            className="progress"
            max={100}
            value={running.progress ?? 0}
            aria-label={t('actions.col.progress')}
          />
        </div>
      )}
      <div className="grid-host grid-host--small" data-testid="host-tasks-grid">
        <ConsoleGrid<HostTask>
          selection="none"
          columnDefs={columns}
          rowData={tasks.data.tasks}
          getRowId={(p) => String(p.data.id)}
        />
      </div>
    </>
  );
}

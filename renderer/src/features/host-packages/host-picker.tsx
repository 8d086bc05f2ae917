import { useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import { useDeferredValue, useMemo, useState } from 'react';
import type { HostRow } from '../../../../common/ipc/methods/hosts';
import { Button } from '../../components/button';
import { SearchBox } from '../../components/search-box';
import { ErrorBanner } from '../../errors/presenter';
import { ConsoleGrid } from '../../grids/console-grid';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostQueries } from '../../queries/hosts';
import type { HostTarget } from './host-package-progress';
import { statusCodeColDef } from '../../grids/column-types';

/** Hosts shown per search: the picker is for choosing a few to a few hundred hosts by name. */
const PICKER_LIMIT = 500;

const hostName = (r: HostRow) => r.computer_fqdn ?? r.computer_name ?? r.uuid;

/**
 * Chooses hosts by searching the server's hosts listing (`hosts.list`, WAPT's server-side regex
 * search, on both server profiles): tick rows, add them to the chosen list, search again.
 */
export function HostPicker({
  chosen,
  onChange,
}: {
  chosen: HostTarget[];
  onChange: (hosts: HostTarget[]) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [text, setText] = useState('');
  const search = useDeferredValue(text.trim());
  const [gridApi, setGridApi] = useState<GridApi<HostRow>>();
  const [ticked, setTicked] = useState<HostRow[]>([]);
  const found = useQuery(hostQueries.picker(api, search, PICKER_LIMIT));
  const cols = useMemo<ColDef<HostRow>[]>(
    () => [
      {
        colId: 'computer_fqdn',
        valueGetter: (p) => (p.data ? hostName(p.data) : ''),
        headerName: t('actions.col.host'),
        flex: 1,
        sort: 'asc',
      },
      {
        colId: 'reachable',
        field: 'reachable',
        headerName: t('wuaRules.col.reachable'),
        width: 110,
        ...statusCodeColDef(t),
      },
      { colId: 'os_name', field: 'os_name', headerName: t('hostPkg.col.os'), width: 200 },
    ],
    [t],
  );
  const chosenIds = new Set(chosen.map((h) => h.uuid));
  const add = (rows: HostRow[]) =>
    onChange([
      ...chosen,
      ...rows.filter((r) => !chosenIds.has(r.uuid)).map((r) => ({ uuid: r.uuid, host: hostName(r) })),
    ]);

  return (
    <div className="form" data-testid="host-picker">
      <div className="toolbar">
        <SearchBox
          name="hostPickerSearch"
          label={t('hostPkg.picker.search')}
          value={text}
          onChange={setText}
        />
        <Button
          data-testid="picker-add"
          disabled={ticked.length === 0}
          onClick={() => {
            add(ticked);
            gridApi?.deselectAll();
          }}
        >
          {t('hostPkg.picker.addTicked', { count: ticked.length })}
        </Button>
        <span className="hint">
          {found.data
            ? t(found.data.limitReached ? 'hostPkg.picker.foundCapped' : 'hostPkg.picker.found', {
                count: found.data.rows.length,
              })
            : t('grid.loading')}
        </span>
      </div>
      {found.error && <ErrorBanner error={found.error} t={t} />}
      <div className="grid-host hostpkg-picker-grid" data-testid="picker-grid">
        <ConsoleGrid<HostRow>
          columnDefs={cols}
          rowData={found.data?.rows ?? []}
          getRowId={(p) => p.data.uuid}
          onGridReady={(e) => setGridApi(e.api)}
          onSelection={(s) => setTicked(s.rows)}
          onRowDoubleClicked={(e) => e.data && add([e.data])}
          noRowsText={t('hostPkg.picker.none')}
        />
      </div>
      <div className="hostpkg-chosen" data-testid="picker-chosen">
        <span>{t('hostPkg.picker.chosen', { count: chosen.length })}</span>
        <ul className="wua-chips">
          {chosen.map((h) => (
            <li key={h.uuid} className="badge" data-uuid={h.uuid}>
              {h.host}{' '}
              <Button
                variant="ghost"
                size="small"
                aria-label={t('hostPkg.picker.remove', { host: h.host })}
                onClick={() => onChange(chosen.filter((c) => c.uuid !== h.uuid))}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
        {chosen.length > 0 && (
          <Button variant="ghost" onClick={() => onChange([])}>
            {t('hostPkg.picker.clear')}
          </Button>
        )}
      </div>
    </div>
  );
}

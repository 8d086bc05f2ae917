import { useQuery } from '@tanstack/react-query';
import type { ColDef, GridApi } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { HardwareSource, HostPackageRow, HostSoftwareRow } from '../../../../common/ipc/methods/hosts';
import { ErrorBanner } from '../../errors/presenter';
import { ConsoleGrid } from '../../grids/console-grid';
import type { ColumnType } from '../../grids/column-types';
import { statusColumnWidth } from '../../grids/label-width';
import type { MessageKey } from '../../i18n/en';
import { useI18n, type Translate } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostQueries } from '../../queries/hosts';
import { useHostPackageActions } from '../host-packages/host-package-actions';
import {
  buildTree,
  filterPackages,
  filterTree,
  PACKAGE_FILTERS,
  searchPattern,
  visibleSoftwares,
  type PackageFilter,
  type TreeNode,
} from './inventory-view';
import { statusLabel } from '../../grids/status-labels';

function col<Row>(
  t: Translate,
  field: keyof Row & string,
  header: MessageKey,
  type: ColumnType = 'text',
  extra: Partial<ColDef<Row>> = {},
): ColDef<Row> {
  return {
    colId: field,
    field: field as unknown as ColDef<Row>['field'],
    headerName: t(header),
    type,
    filter: true,
    ...extra,
  };
}

/** Status values of a host's packages and of their audit (docs/host-inventory.md). */
const PACKAGE_STATUSES = [
  'OK',
  'TO-UPGRADE',
  'NEED-UPGRADE',
  'NEED-INSTALL',
  'NEED-REMOVE',
  'ERROR',
  'ERROR-INSTALL',
  'ERROR-UPGRADE',
];
const AUDIT_STATUSES = ['OK', 'WARNING', 'ERROR', 'UNKNOWN'];

/** Host packages and their status (every edition): WAPT's host packages grid with its filters. */
export function HostPackagesView({ uuid, host }: { uuid: string; host?: string }) {
  const api = useApi();
  const { t } = useI18n();
  const query = useQuery(hostQueries.packages(api, uuid));
  const [filter, setFilter] = useState<PackageFilter>('all');
  const [current, setCurrent] = useState<HostPackageRow | null>(null);
  const [selected, setSelected] = useState<HostPackageRow[]>([]);
  const [gridApi, setGridApi] = useState<GridApi<HostPackageRow>>();
  // Install / force install / remove / forget / audit of the selected rows (host-package-actions.tsx).
  const pkgActions = useHostPackageActions({ uuid, host: host ?? uuid, selected, gridApi });
  const columns = useMemo<ColDef<HostPackageRow>[]>(
    () => [
      // Sized for the longest status so none is cut ("TO-UPGRADE", "ERROR-INSTALL": issue 15).
      col(t, 'status', 'details.pkg.col.status', 'status', {
        width: statusColumnWidth(PACKAGE_STATUSES, t('details.pkg.col.status'), (c) => statusLabel(c, t)),
      }),
      col(t, 'auditStatus', 'details.pkg.col.audit', 'status', {
        width: statusColumnWidth(AUDIT_STATUSES, t('details.pkg.col.audit'), (c) => statusLabel(c, t)),
      }),
      col(t, 'package', 'details.pkg.col.package', 'text', { width: 220, sort: 'asc' }),
      col(t, 'version', 'details.pkg.col.version', 'text', { width: 120 }),
      col(t, 'installDate', 'details.pkg.col.installDate', 'date', { width: 150 }),
      col(t, 'section', 'details.pkg.col.section', 'text', { width: 100 }),
      col(t, 'architecture', 'details.pkg.col.arch', 'text', { width: 100 }),
      col(t, 'locale', 'details.pkg.col.locale', 'text', { width: 80 }),
      col(t, 'maturity', 'details.pkg.col.maturity', 'text', { width: 100 }),
      col(t, 'auditedOn', 'details.pkg.col.auditedOn', 'date', { width: 150 }),
      col(t, 'nextAuditOn', 'details.pkg.col.nextAudit', 'date', { width: 150 }),
      col(t, 'description', 'details.pkg.col.description', 'text', { width: 260, hide: true }),
      col(t, 'signer', 'details.pkg.col.signer', 'text', { width: 160, hide: true }),
    ],
    [t],
  );
  const rows = useMemo(() => filterPackages(query.data?.rows ?? [], filter), [query.data, filter]);
  if (query.error) return <ErrorBanner error={query.error} t={t} onRetry={() => void query.refetch()} />;
  return (
    <>
      <div className="toolbar" role="radiogroup" aria-label={t('details.pkg.col.status')}>
        {PACKAGE_FILTERS.map((f) => (
          <label key={f} className="check">
            <input
              type="radio"
              name="packageFilter"
              value={f}
              checked={filter === f}
              onChange={() => setFilter(f)}
            />
            <span>{t(`details.pkg.filter.${f}`)}</span>
          </label>
        ))}
      </div>
      {pkgActions.toolbar}
      {pkgActions.overlays}
      {query.data && query.data.rows.length === 0 && <p className="hint">{t('details.pkg.empty')}</p>}
      {query.data && query.data.rows.length > 0 && (
        <p className="hint" data-testid="host-packages-count">
          {t('details.count', { shown: rows.length, total: query.data.rows.length })}
        </p>
      )}
      <div
        className="grid-host grid-host--small"
        data-testid="host-packages-grid"
        aria-busy={query.isLoading}
        onKeyDown={pkgActions.onKeyDown}
      >
        <ConsoleGrid<HostPackageRow>
          columnDefs={columns}
          rowData={rows}
          getRowId={(p) => p.data.package}
          preventDefaultOnContextMenu
          onCellContextMenu={pkgActions.onCellContextMenu}
          onGridReady={(e) => setGridApi(e.api)}
          onSelection={(s) => {
            setSelected(s.rows);
            setCurrent(s.rows.length === 1 ? s.rows[0]! : null);
          }}
        />
      </div>
      {current?.installOutput ? (
        <section className="install-log" aria-label={t('details.pkg.output', { package: current.package })}>
          <h3>{t('details.pkg.output', { package: current.package })}</h3>
          <pre data-testid="package-install-log">{current.installOutput}</pre>
        </section>
      ) : null}
    </>
  );
}

/** The host's software inventory, with WAPT's "Hide system components" (on by default). */
export function HostSoftwareView({ uuid }: { uuid: string }) {
  const api = useApi();
  const { t } = useI18n();
  const query = useQuery(hostQueries.softwares(api, uuid));
  const [hideSystem, setHideSystem] = useState(true);
  const columns = useMemo<ColDef<HostSoftwareRow>[]>(
    () => [
      col(t, 'name', 'details.sw.col.name', 'text', { width: 280, sort: 'asc' }),
      col(t, 'version', 'details.sw.col.version', 'text', { width: 140 }),
      col(t, 'installDate', 'details.sw.col.installDate', 'text', { width: 120 }),
      col(t, 'publisher', 'details.sw.col.publisher', 'text', { width: 200 }),
      col(t, 'installLocation', 'details.sw.col.installLocation', 'text', { width: 220 }),
      col(t, 'key', 'details.sw.col.key', 'text', { width: 220, hide: true }),
      col(t, 'uninstallString', 'details.sw.col.uninstall', 'text', { width: 260, hide: true }),
      col(t, 'systemComponent', 'details.sw.col.system', 'yesNo', { width: 130 }),
    ],
    [t],
  );
  const rows = useMemo(() => visibleSoftwares(query.data?.rows ?? [], hideSystem), [query.data, hideSystem]);
  if (query.error) return <ErrorBanner error={query.error} t={t} onRetry={() => void query.refetch()} />;
  return (
    <>
      <div className="toolbar">
        <label className="check">
          <input
            type="checkbox"
            name="hideSystemComponents"
            checked={hideSystem}
            onChange={(e) => setHideSystem(e.target.checked)}
          />
          <span>{t('details.sw.hideSystem')}</span>
        </label>
      </div>
      {query.data && query.data.rows.length === 0 && <p className="hint">{t('details.sw.empty')}</p>}
      {query.data && query.data.rows.length > 0 && (
        <p className="hint" data-testid="host-software-count">
          {t('details.count', { shown: rows.length, total: query.data.rows.length })}
        </p>
      )}
      <div
        className="grid-host grid-host--small"
        data-testid="host-software-grid"
        aria-busy={query.isLoading}
      >
        <ConsoleGrid<HostSoftwareRow> selection="none" columnDefs={columns} rowData={rows} />
      </div>
    </>
  );
}

function TreeItem({ node, forceOpen, depth }: { node: TreeNode; forceOpen: boolean; depth: number }) {
  const [open, setOpen] = useState(depth < 1);
  const expanded = forceOpen || open;
  if (node.children.length === 0)
    return (
      <li role="treeitem" aria-selected={false} className="hw-tree__leaf">
        <span className="hw-tree__key">{node.key}</span>
        <span className="hw-tree__value">{node.value}</span>
      </li>
    );
  return (
    <li role="treeitem" aria-expanded={expanded} aria-selected={false}>
      <button type="button" className="hw-tree__toggle" onClick={() => setOpen(!expanded)}>
        {expanded ? '▾' : '▸'} <span className="hw-tree__key">{node.key}</span>
      </button>
      {expanded && (
        <ul role="group">
          {node.children.map((c) => (
            <TreeItem key={c.id} node={c} forceOpen={forceOpen} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** `dmi`, `host_info` and `wmi` as a searchable tree (WAPT's JSON inspector with its regex filter). */
export function HostHardwareView({ uuid }: { uuid: string }) {
  const api = useApi();
  const { t } = useI18n();
  const query = useQuery(hostQueries.hardware(api, uuid));
  const [text, setText] = useState('');
  const pattern = useMemo(() => searchPattern(text), [text]);
  const sections = useMemo(
    () =>
      (query.data?.sections ?? []).map((s) => ({
        source: s.source,
        truncated: s.truncated,
        nodes: filterTree(buildTree(s.entries), pattern),
      })),
    [query.data, pattern],
  );
  if (query.error) return <ErrorBanner error={query.error} t={t} onRetry={() => void query.refetch()} />;
  const sourceLabel = (s: HardwareSource) => t(`details.hw.source.${s}`);
  const matches = sections.some((s) => s.nodes.length > 0);
  return (
    <div className="hw" data-testid="host-hardware">
      <input
        name="hardwareFilter"
        className="searchbar__text"
        type="search"
        aria-label={t('details.hw.filter')}
        placeholder={t('details.hw.filter')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {query.data && query.data.sections.length === 0 && <p className="hint">{t('details.hw.empty')}</p>}
      {query.data && query.data.sections.length > 0 && !matches && (
        <p className="hint">{t('details.hw.noMatch')}</p>
      )}
      <ul role="tree" className="hw-tree" aria-label={t('details.tab.hardware')}>
        {sections
          .filter((s) => s.nodes.length > 0)
          .map((s) => (
            <TreeItem
              key={`${s.source}-${pattern?.source ?? ''}`}
              node={{ key: sourceLabel(s.source), id: s.source, value: null, children: s.nodes, leaves: 0 }}
              forceOpen={pattern !== null}
              depth={0}
            />
          ))}
      </ul>
      {sections
        .filter((s) => s.truncated > 0)
        .map((s) => (
          <p key={s.source} className="hint">
            {sourceLabel(s.source)}: {t('details.hw.truncated', { count: s.truncated })}
          </p>
        ))}
    </div>
  );
}

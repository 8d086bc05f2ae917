import type { CellContextMenuEvent, GridApi } from 'ag-grid-community';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { HostActionKind } from '../../../../common/ipc/methods/actions';
import type { HostPackageRow } from '../../../../common/ipc/methods/hosts';
import { HOST_PACKAGE_ACTIONS } from '../../commands/command-catalogue';
import { useTabCommands } from '../../commands/command-registry';
import { useI18n } from '../../i18n/i18n';
import { useHostActions } from '../actions/use-host-actions';
import { PointerMenu, type MenuItemDef } from '../../components/ui/menu';

/**
 * Install / force install / remove / forget / audit the selected packages of one host: each a
 * signed host action whose claim lists the packages' names (docs/host-actions.md), confirmed,
 * then followed in the per-host progress dialog. Toolbar, context menu (right-click, ContextMenu
 * key, Shift+F10) and Delete (= remove, after the confirmation) on the packages grid.
 */
export function useHostPackageActions({
  uuid,
  host,
  selected,
  gridApi,
}: {
  uuid: string;
  host: string;
  selected: readonly HostPackageRow[];
  gridApi: GridApi<HostPackageRow> | undefined;
}): {
  toolbar: ReactNode;
  /** The open context menu, the confirmation or progress dialog, and any refusal. */
  overlays: ReactNode;
  onCellContextMenu: (e: CellContextMenuEvent<HostPackageRow>) => void;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
} {
  const { t } = useI18n();
  const actions = useHostActions();
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const packages = [...new Set(selected.map((r) => r.package))];
  const run = (a: HostActionKind) => actions.trigger(a, [{ uuid, host }], [], packages);
  // In the command palette under "Hosts › host details" (commands/command-catalogue.ts); the
  // toolbar and the context menu disable an action by the same rule and say why on hover.
  const reasonOf = useTabCommands(
    'hostPackages',
    { selected: packages.length, auditAvailable: actions.isAvailable('audit_packages') },
    Object.fromEntries(HOST_PACKAGE_ACTIONS.map((a) => [`hostDetails.${a}`, () => run(a)])),
  );
  const reason = (a: HostActionKind) => reasonOf(`hostDetails.${a}`);
  const items: MenuItemDef[] = HOST_PACKAGE_ACTIONS.map((a) => ({
    id: a,
    label: t(`actions.item.${a}`),
    disabled: reason(a) !== null,
    onSelect: () => run(a),
  }));

  const toolbar = (
    <div className="toolbar" role="toolbar" aria-label={t('actions.packages.toolbar')}>
      {HOST_PACKAGE_ACTIONS.map((a) => (
        <button
          key={a}
          type="button"
          className="btn"
          data-action={a}
          disabled={reason(a) !== null}
          title={reason(a) ?? undefined}
          onClick={() => run(a)}
        >
          {t(`actions.item.${a}`)}
        </button>
      ))}
      <span className="hint" data-testid="host-packages-selected">
        {t('actions.packages.selected', { count: packages.length })}
      </span>
    </div>
  );

  const onCellContextMenu = (e: CellContextMenuEvent<HostPackageRow>) => {
    if (e.node && !e.node.isSelected()) e.node.setSelected(true, true);
    const me = e.event as MouseEvent | null;
    setMenu({ x: me?.clientX ?? 200, y: me?.clientY ?? 200 });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
      e.preventDefault();
      // The focused row counts as the selection when nothing is selected yet.
      if (gridApi && gridApi.getSelectedRows().length === 0) {
        const cell = gridApi.getFocusedCell();
        if (cell) gridApi.getDisplayedRowAtIndex(cell.rowIndex)?.setSelected(true, true);
      }
      const rect = (document.activeElement ?? e.currentTarget).getBoundingClientRect();
      setMenu({ x: rect.left + 24, y: rect.bottom });
    } else if (e.key === 'Delete' && packages.length > 0) {
      // WAPT's "Remove" with its confirmation (the confirm dialog opens; nothing leaves before it).
      e.preventDefault();
      run('remove_packages');
    }
  };

  const overlays = (
    <>
      {actions.error && (
        <div className="error-banner" role="alert">
          {actions.error}
        </div>
      )}
      {actions.dialogs}
      {menu && (
        <PointerMenu
          items={items}
          position={menu}
          label={t('actions.packages.toolbar')}
          onClose={() => setMenu(null)}
          testId="host-packages-menu"
        />
      )}
    </>
  );
  return { toolbar, overlays, onCellContextMenu, onKeyDown };
}

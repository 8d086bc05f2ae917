import type { GridApi } from 'ag-grid-community';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { HostActionKind } from '../../../../common/ipc/methods/actions';
import type { HostRow } from '../../../../common/ipc/methods/hosts';
import type { MenuItem as MenuButtonItem } from '../../components/menu-button';
import { useI18n } from '../../i18n/i18n';
import type { useHostActions } from '../actions/use-host-actions';
import { AssignPackagesDialog } from '../host-packages/assign-packages-dialog';
import { PointerMenu, type MenuItemDef } from '../../components/ui/menu';
import { DeleteHostsDialog } from './delete-hosts-dialog';

type Target = { uuid: string; host: string };

/** The context menu's host actions, in WAPT's host popup order (docs/wapt-console-features.md §1.D). */
const MENU_ACTIONS: readonly { action: HostActionKind; shortcut?: string }[] = [
  { action: 'update', shortcut: 'Ctrl+U' },
  { action: 'upgrade', shortcut: 'Ctrl+P' },
  { action: 'waptwua_scan' },
  { action: 'waptwua_download' },
  { action: 'waptwua_install' },
];

/**
 * The hosts grid's own actions besides the signed host actions of the Actions menu: **Add /
 * remove packages…** (the Assign packages dialog on the selected hosts) and **Delete hosts…**
 * (`hosts_delete` with WAPT's options), plus a context menu (right-click, ContextMenu key,
 * Shift+F10: ConsoleGrid's `onRowContextMenu`) with them and the host actions, and Ctrl+Delete
 * for "Delete hosts…" (WAPT's key).
 */
export function useHostsGridActions({
  targets,
  gridApi,
  actions,
  onDeleted,
}: {
  targets: readonly Target[];
  gridApi: GridApi<HostRow> | undefined;
  actions: ReturnType<typeof useHostActions>;
  /** After a deletion: the grid re-reads the hosts; `message` is the server's report. */
  onDeleted: (message: string) => void;
}): {
  /** Items appended to the toolbar's Actions menu. */
  menuItems: MenuButtonItem[];
  overlays: ReactNode;
  /** For ConsoleGrid's `onRowContextMenu` (it selects the row and gives the position). */
  openMenu: (at: { x: number; y: number }) => void;
  /** Ctrl+Delete on the grid: "Delete hosts…". */
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
} {
  const { t } = useI18n();
  const [dialog, setDialog] = useState<{ kind: 'assign' | 'delete'; hosts: Target[] } | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const none = targets.length === 0;
  const open = (kind: 'assign' | 'delete') => !none && setDialog({ kind, hosts: [...targets] });

  const menuItems: MenuButtonItem[] = [
    { key: 'assign', label: t('hosts.menu.assign'), disabled: none, onSelect: () => open('assign') },
    { key: 'delete', label: t('hosts.menu.delete'), disabled: none, onSelect: () => open('delete') },
  ];
  const contextItems: MenuItemDef[] = [
    ...MENU_ACTIONS.filter((m) => !m.action.startsWith('waptwua_') || actions.isAvailable(m.action)).map(
      (m) => ({
        id: m.action,
        label: t(`actions.title.${m.action}`),
        ...(m.shortcut ? { shortcut: m.shortcut } : {}),
        disabled: none,
        onSelect: () => actions.trigger(m.action, [...targets]),
      }),
    ),
    { id: 'assign', label: t('hosts.menu.assign'), disabled: none, onSelect: () => open('assign') },
    {
      id: 'delete',
      label: t('hosts.delete.title'),
      // The key's name in the user's language (French keyboards say Suppr).
      shortcut: `Ctrl+${t('wu.key.del')}`,
      disabled: none,
      onSelect: () => open('delete'),
    },
  ];

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Delete' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      open('delete');
    }
  };

  const overlays = (
    <>
      {menu && (
        <PointerMenu
          items={contextItems}
          position={menu}
          label={t('hosts.menu.context')}
          onClose={() => setMenu(null)}
          testId="hosts-menu"
        />
      )}
      {dialog?.kind === 'assign' && (
        <AssignPackagesDialog initialHosts={dialog.hosts} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteHostsDialog
          hosts={dialog.hosts}
          onClose={() => setDialog(null)}
          onDeleted={(r) => {
            setDialog(null);
            gridApi?.deselectAll();
            onDeleted(t('hosts.delete.done', { messages: r.messages.join('; ') }));
          }}
        />
      )}
    </>
  );
  return { menuItems, overlays, openMenu: (at) => setMenu({ x: at.x, y: at.y }), onKeyDown };
}

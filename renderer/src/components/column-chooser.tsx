import type { Column, GridApi } from 'ag-grid-community';
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { ToolbarPopover } from './ui/popover';

/** AG Grid Community has no columns tool panel: a small popover with one checkbox per column. */
export function ColumnChooser({ api }: { api: GridApi | undefined }) {
  const { t } = useI18n();
  return (
    <ToolbarPopover label={t('grid.columns')} disabled={!api}>
      {api && <ColumnList api={api} />}
    </ToolbarPopover>
  );
}

/**
 * Mounted each time the popover opens, so it reads the columns' visibility then (a restored
 * layout or a profile may have changed it since the toolbar last rendered).
 */
function ColumnList({ api }: { api: GridApi }) {
  const [, setTick] = useState(0);
  const columns: Column[] = api.getColumns()?.filter((c) => c.getColDef().headerName) ?? [];
  return columns.map((c) => (
    <label key={c.getColId()} className="check">
      <input
        type="checkbox"
        data-col-id={c.getColId()}
        checked={c.isVisible()}
        onChange={(e) => {
          api.setColumnsVisible([c], e.target.checked);
          setTick((n) => n + 1);
        }}
      />
      <span>{c.getColDef().headerName}</span>
    </label>
  ));
}

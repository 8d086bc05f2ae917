import type { Column, GridApi } from 'ag-grid-community';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** AG Grid Community has no columns tool panel: a small popover with one checkbox per column. */
export function ColumnChooser({ api }: { api: GridApi | undefined }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [, setTick] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node))
        setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const columns: Column[] = (api?.getColumns() ?? []).filter((c) => c.getColDef().headerName);
  return (
    <div className="popover-anchor" ref={ref}>
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        aria-haspopup="true"
        onClick={() => setOpen((o) => !o)}
        disabled={!api}
      >
        {t('grid.columns')}
      </button>
      {open && (
        <div className="popover" role="group" aria-label={t('grid.columns')}>
          {columns.map((c) => (
            <label key={c.getColId()} className="check">
              <input
                type="checkbox"
                data-col-id={c.getColId()}
                checked={c.isVisible()}
                onChange={(e) => {
                  api?.setColumnsVisible([c], e.target.checked);
                  setTick((n) => n + 1);
                }}
              />
              <span>{c.getColDef().headerName}</span>
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

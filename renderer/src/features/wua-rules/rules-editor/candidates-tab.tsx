import type { GridApi } from 'ag-grid-community';
import { useEffect, useMemo, useRef } from 'react';
import type { MergedWuaRules } from '../../../../../common/domain/wua-rules';
import type { UpdateRow } from '../../../../../common/ipc/methods/updates';
import { SearchBox } from '../../../components/search-box';
import { ConsoleGrid } from '../../../grids/console-grid';
import { useI18n } from '../../../i18n/i18n';
import { candidateStatus, updateColumns } from './update-columns';

/**
 * The candidate updates loaded from the server catalogue, each with its state under the draft
 * (recomputed whenever the draft's rules change), and a quick filter.
 */
export function CandidatesTab({
  candidates,
  merged,
  filter,
  onFilter,
  onSelect,
}: {
  candidates: UpdateRow[];
  merged: MergedWuaRules;
  filter: string;
  onFilter: (text: string) => void;
  onSelect: (ids: string[]) => void;
}) {
  const { t } = useI18n();
  const gridApi = useRef<GridApi<UpdateRow> | null>(null);
  const cols = useMemo(() => updateColumns(t, (u) => candidateStatus(t, u, merged)), [t, merged]);
  // The status column reads the draft's rules: redraw it when they change.
  useEffect(() => {
    gridApi.current?.refreshCells({ columns: ['status'], force: true });
  }, [merged]);
  return (
    <div className="form">
      <SearchBox
        name="candidateFilter"
        label={t('wuaRules.editor.filterCandidates')}
        value={filter}
        onChange={onFilter}
      />
      <div className="grid-host" data-testid="candidates-grid">
        <ConsoleGrid<UpdateRow>
          columnDefs={cols}
          rowData={candidates}
          quickFilterText={filter}
          getRowId={(p) => p.data.update_id}
          onGridReady={(e) => (gridApi.current = e.api)}
          // Shown rows only: a candidate the filter hides is never allowed or forbidden.
          onSelection={(s) => onSelect(s.rows.map((r) => r.update_id))}
          noRowsText={t('wuaRules.editor.noCandidates')}
        />
      </div>
    </div>
  );
}

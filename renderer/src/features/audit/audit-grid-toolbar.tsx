import type { GridApi } from 'ag-grid-community';
import { Button } from '../../components/button';
import { GridLayoutControls } from '../../components/grid-layout-controls';
import { useI18n } from '../../i18n/i18n';

/** Above each audit grid: its saved-layout controls and its CSV export. */
export function AuditGridToolbar({
  gridApi,
  onRestore,
  onExport,
  onError,
  testId,
}: {
  gridApi: GridApi | undefined;
  onRestore: () => Promise<void>;
  onExport: () => Promise<void>;
  onError: (err: unknown) => void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <div className="toolbar">
      <GridLayoutControls api={gridApi} onRestore={onRestore} />
      <Button data-testid={testId} onClick={() => void onExport().catch(onError)} disabled={!gridApi}>
        {t('grid.exportCsv')}
      </Button>
    </div>
  );
}

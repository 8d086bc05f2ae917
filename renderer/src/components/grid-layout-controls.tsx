import type { GridApi } from 'ag-grid-community';
import { useI18n } from '../i18n/i18n';
import { Button } from './button';
import { ColumnChooser } from './column-chooser';

/** The two layout controls every grid's toolbar has: choose columns, restore the default layout. */
export function GridLayoutControls({
  api,
  onRestore,
}: {
  api: GridApi | undefined;
  onRestore: () => Promise<void> | void;
}) {
  const { t } = useI18n();
  return (
    <>
      <ColumnChooser api={api} />
      <Button onClick={() => void onRestore()}>{t('grid.restoreLayout')}</Button>
    </>
  );
}

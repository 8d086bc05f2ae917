import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import { Button } from './button';
import { SearchBox } from './search-box';

/**
 * The toolbar above a listing grid (the repository and the WUA rule packages tabs): the search
 * box and Refresh first, then the tab's own controls (`children`), then the tab's last notice at
 * the far end. One component, so the two tabs cannot drift apart.
 */
export function GridToolbar({
  label,
  searchName,
  searchLabel,
  search,
  onSearch,
  onRefresh,
  notice,
  noticeTestId,
  children,
}: {
  /** The toolbar's accessible name (the tab's name). */
  label: string;
  /** The search box's `name` (tests and the browser's form memory use it). */
  searchName: string;
  searchLabel: string;
  search: string;
  onSearch: (text: string) => void;
  onRefresh: () => void;
  notice?: string | null;
  noticeTestId?: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="toolbar" role="toolbar" aria-label={label}>
      <SearchBox name={searchName} label={searchLabel} value={search} onChange={onSearch} />
      <Button onClick={onRefresh} title={t('shell.refresh')}>
        {t('grid.refresh')}
      </Button>
      {children}
      <span className="toolbar__spacer" />
      {notice && (
        <span className="toolbar__notice" role="status" data-testid={noticeTestId}>
          {notice}
        </span>
      )}
    </div>
  );
}

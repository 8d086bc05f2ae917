import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { GridToolbar } from '../../../../renderer/src/components/grid-toolbar';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';

/** A tab's toolbar as the repository and WUA rule tabs use it: search state, refresh count, notice. */
function Harness({ language, notice }: { language: 'en' | 'fr'; notice: string | null }) {
  const [search, setSearch] = useState('');
  const [refreshes, setRefreshes] = useState(0);
  return (
    <I18nProvider language={language}>
      <GridToolbar
        label="Private repository"
        searchName="repositorySearch"
        searchLabel="Search packages"
        search={search}
        onSearch={setSearch}
        onRefresh={() => setRefreshes((n) => n + 1)}
        notice={notice}
        noticeTestId="repo-notice"
      >
        <button type="button">Upload…</button>
      </GridToolbar>
      <span data-testid="state">{`${search}|${refreshes}`}</span>
    </I18nProvider>
  );
}

describe('GridToolbar (repository and WUA rule packages tabs)', () => {
  it('search box, Refresh, the tab’s own controls in order, then the notice', () => {
    render(<Harness language="en" notice="2 packages deleted." />);
    const bar = screen.getByRole('toolbar', { name: 'Private repository' });
    const box = screen.getByRole('searchbox', { name: 'Search packages' });
    expect(box.getAttribute('name')).toBe('repositorySearch');
    fireEvent.change(box, { target: { value: 'tis-7zip' } });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(screen.getByTestId('state').textContent).toBe('tis-7zip|2');
    const order = [...bar.children].map((e) => e.getAttribute('name') ?? e.textContent);
    expect(order).toEqual(['repositorySearch', 'Refresh', 'Upload…', '', '2 packages deleted.']);
    expect(screen.getByTestId('repo-notice').getAttribute('role')).toBe('status');
  });

  it('no notice, no status element; Refresh is translated', () => {
    render(<Harness language="fr" notice={null} />);
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByRole('button', { name: 'Actualiser' }).getAttribute('title')).toMatch(/F5/);
  });
});

import { act, renderHook } from '@testing-library/react';
import type { IGetRowsParams } from 'ag-grid-community';
import { describe, expect, it, vi } from 'vitest';
import {
  useServerPagedRows,
  type PageSort,
  type ServerPage,
} from '../../../../renderer/src/grids/use-server-paged-rows';

/*
 * The status bar of a server-paged grid says the current listing's total (use-server-paged-rows.ts).
 * Seen in an E2E run: a search typed right after another filter change left "200 hosts" under a
 * grid showing its one matching host, because the unfiltered listing's block answered last.
 */

type Fetch = (offset: number, limit: number, sort: PageSort<'name'>) => Promise<ServerPage<string>>;

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An AG Grid block request; `delivered` records what the hook handed to the grid. */
function rowsParams() {
  const delivered = vi.fn<(rows: string[], total: number) => void>();
  const params = {
    startRow: 0,
    endRow: 200,
    sortModel: [],
    filterModel: {},
    context: undefined,
    successCallback: (rows: string[], total: number) => delivered(rows, total),
    failCallback: () => undefined,
  } as unknown as IGetRowsParams;
  return { params, delivered };
}

const SORTABLE = ['name'] as const;

describe('useServerPagedRows', () => {
  it('keeps the new listing’s total when the earlier listing answers after it', async () => {
    const unfiltered = deferred<ServerPage<string>>();
    const filtered = deferred<ServerPage<string>>();
    const first: Fetch = () => unfiltered.promise;
    const second: Fetch = () => filtered.promise;
    const { result, rerender } = renderHook(
      ({ fetch }) => useServerPagedRows<string, 'name'>(SORTABLE, fetch),
      {
        initialProps: { fetch: first },
      },
    );
    const old = rowsParams();
    act(() => result.current.datasource.getRows(old.params));
    rerender({ fetch: second });
    const current = rowsParams();
    act(() => result.current.datasource.getRows(current.params));
    expect(result.current.loading).toBe(true);

    await act(async () => filtered.resolve({ rows: ['one'], total: 1, asOf: '2026-11-30T20:00:00Z' }));
    expect(result.current.total).toBe(1);
    await act(async () => unfiltered.resolve({ rows: ['a', 'b'], total: 200, asOf: '2026-11-30T19:59:00Z' }));
    expect(result.current.total).toBe(1);
    expect(result.current.asOf).toBe('2026-11-30T20:00:00Z');
    expect(result.current.loading).toBe(false);
    // Each block still goes to the grid that asked for it (AG Grid drops a replaced datasource's).
    expect(current.delivered).toHaveBeenCalledWith(['one'], 1);
    expect(old.delivered).toHaveBeenCalledWith(['a', 'b'], 200);
  });

  it('keeps the previous total while a new listing loads, and shows only the current listing’s error', async () => {
    const failing = deferred<ServerPage<string>>();
    const pending = deferred<ServerPage<string>>();
    const first: Fetch = () => Promise.resolve({ rows: ['a'], total: 200, asOf: 'x' });
    const second: Fetch = () => failing.promise;
    const third: Fetch = () => pending.promise;
    const { result, rerender } = renderHook(
      ({ fetch }) => useServerPagedRows<string, 'name'>(SORTABLE, fetch),
      {
        initialProps: { fetch: first },
      },
    );
    await act(async () => result.current.datasource.getRows(rowsParams().params));
    expect(result.current.total).toBe(200);

    rerender({ fetch: second });
    // The previous total stays shown while the new listing is asked for (the grid is marked busy).
    expect(result.current.total).toBe(200);
    act(() => result.current.datasource.getRows(rowsParams().params));
    rerender({ fetch: third });
    act(() => result.current.datasource.getRows(rowsParams().params));
    await act(async () => failing.reject(new Error('the abandoned listing failed')));
    expect(result.current.error).toBeNull();

    await act(async () => pending.reject(new Error('the current listing failed')));
    expect((result.current.error as Error).message).toBe('the current listing failed');
    act(() => result.current.setError(null));
    expect(result.current.error).toBeNull();
    // An error of the console's own (an export) is shown until dismissed.
    act(() => result.current.setError(new Error('export failed')));
    expect((result.current.error as Error).message).toBe('export failed');
  });
});

import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import { useMemo, useState } from 'react';

export interface ServerPage<Row> {
  rows: Row[];
  total: number;
  asOf: string;
}

export type PageSort<Col extends string> = { colId: Col; desc: boolean } | null;

/**
 * An AG Grid infinite-row-model datasource over a server-paged console method: blocks are asked
 * for by offset/limit with the grid's sort (only on columns the server can sort), and the page's
 * total and "data as of" are kept for the status bar. `fetchPage` must be memoised by the caller:
 * a new function (new filters) makes a new datasource, which makes the grid start over.
 * `loading` is true while a block is asked for: the grid's container shows it as `aria-busy`
 * (assistive technologies, and tests that must wait for the rows rather than for a delay).
 */
export function useServerPagedRows<Row, Col extends string>(
  sortable: readonly Col[],
  fetchPage: (offset: number, limit: number, sort: PageSort<Col>) => Promise<ServerPage<Row>>,
) {
  const [total, setTotal] = useState<number | null>(null);
  const [asOf, setAsOf] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [inFlight, setInFlight] = useState(0);
  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (params: IGetRowsParams) => {
        const s = params.sortModel[0];
        const sort: PageSort<Col> =
          s && (sortable as readonly string[]).includes(s.colId)
            ? { colId: s.colId as Col, desc: s.sort === 'desc' }
            : null;
        setInFlight((n) => n + 1);
        fetchPage(params.startRow, params.endRow - params.startRow, sort)
          .then((page) => {
            setError(null);
            setTotal(page.total);
            setAsOf(page.asOf);
            params.successCallback(page.rows, page.total);
          })
          .catch((err: unknown) => {
            setError(err);
            params.failCallback();
          })
          .finally(() => setInFlight((n) => n - 1));
      },
    }),
    [sortable, fetchPage],
  );
  return { datasource, total, asOf, error, setError, loading: inFlight > 0 };
}

import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import { useCallback, useMemo, useState } from 'react';

export interface ServerPage<Row> {
  rows: Row[];
  total: number;
  asOf: string;
}

export type PageSort<Col extends string> = { colId: Col; desc: boolean } | null;

/**
 * Per hook instance (its `owner` object): the datasource the grid asked for rows last. Only its
 * answers speak for the status bar. (Not the grid's `destroy` call on a replaced datasource: a
 * remounted grid, as "restore default layout" makes, reuses the same datasource.)
 */
const lastAsked = new WeakMap<object, IDatasource>();

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
  // What the last answered block of the listing the grid asked last said (lastAsked): a block of
  // an earlier listing may answer after the new listing's (a search typed quickly: the unfiltered
  // listing is slower to compute than the one host asked for next), and its total must not
  // replace the new listing's. The grid drops such a block itself; the status bar must too.
  const [answer, setAnswer] = useState<{ total: number; asOf: string } | null>(null);
  const [failure, setFailure] = useState<{ source: IDatasource | null; error: unknown } | null>(null);
  const [inFlight, setInFlight] = useState(0);
  const [owner] = useState(() => ({}));
  const datasource = useMemo<IDatasource>(() => {
    const source: IDatasource = {
      getRows: (params: IGetRowsParams) => {
        lastAsked.set(owner, source);
        const s = params.sortModel[0];
        const sort: PageSort<Col> =
          s && (sortable as readonly string[]).includes(s.colId)
            ? { colId: s.colId as Col, desc: s.sort === 'desc' }
            : null;
        setInFlight((n) => n + 1);
        fetchPage(params.startRow, params.endRow - params.startRow, sort)
          .then((page) => {
            if (lastAsked.get(owner) === source) {
              setFailure((old) => (old?.source === source ? null : old));
              setAnswer({ total: page.total, asOf: page.asOf });
            }
            params.successCallback(page.rows, page.total);
          })
          .catch((err: unknown) => {
            if (lastAsked.get(owner) === source) setFailure({ source, error: err });
            params.failCallback();
          })
          .finally(() => setInFlight((n) => n - 1));
      },
    };
    return source;
  }, [sortable, fetchPage, owner]);
  // An error stays until dismissed or until its listing answers; an earlier listing's is not shown.
  const error = failure && (failure.source === null || failure.source === datasource) ? failure.error : null;
  const setError = useCallback(
    (err: unknown) => setFailure(err === null ? null : { source: null, error: err }),
    [],
  );
  return {
    datasource,
    /**
     * The total of the listing the grid asked last. A new listing keeps showing the previous total
     * (the grid is marked busy) until it answers, as before; an earlier listing never overwrites it.
     */
    total: answer?.total ?? null,
    asOf: answer?.asOf ?? null,
    error,
    setError,
    loading: inFlight > 0,
  };
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { GridApi, StateUpdatedEvent } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GridState } from '../../../common/ipc/contract';
import { useApi } from '../platform/api-client';
import { coreKeys, coreQueries } from '../queries/core';
import { fromAgGridState, toAgGridState } from './grid-state';

const SAVE_DELAY_MS = 500;

/**
 * Reads a grid's saved layout once before the grid mounts, saves changes (debounced, and flushed
 * when the grid unmounts or the page is hidden or left), and offers
 * "restore default layout", which clears the saved state and remounts the grid (new `gridKey`).
 */
export function usePersistedGridState(gridId: string, colIds: readonly string[]) {
  const api = useApi();
  const queryClient = useQueryClient();
  const saved = useQuery(coreQueries.gridState(api, gridId));
  const [generation, setGeneration] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<GridState | undefined>(undefined);
  /** The grid (known from its first state event) and the layout last saved or restored. */
  const grid = useRef<GridApi | undefined>(undefined);
  const baseline = useRef<string | undefined>(undefined);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = undefined;
    let state = pending.current;
    pending.current = undefined;
    // AG Grid announces a change on a zero-delay timer; the page can be left before it fires (seen
    // on a saturated machine). Its state is already current, so compare it with the last saved one.
    const live = grid.current;
    if (!state && live && !live.isDestroyed() && baseline.current !== undefined) {
      const now = fromAgGridState(live.getState());
      if (JSON.stringify(now) !== baseline.current) state = now;
    }
    if (state) {
      baseline.current = JSON.stringify(state);
      queryClient.setQueryData(coreKeys.gridState(gridId), state);
      void api.call('settings.setGridState', { gridId, state });
    }
  }, [api, gridId, queryClient]);

  // A change still waiting for its debounce is saved now when the grid unmounts, and when the page
  // is hidden or left (window closed, reload, navigation): the last column change before quitting
  // must not be lost. The page may be gone before the answer: the bridge sends such a request so
  // that it outlives the page (preload/web-bridge.ts), and main writes settings atomically.
  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
      flush();
    };
  }, [flush]);

  const onStateUpdated = useCallback(
    (e: StateUpdatedEvent) => {
      grid.current = e.api;
      // The first event reports the restored state; only user changes need saving.
      if (e.sources.length === 1 && e.sources[0] === 'gridInitializing') {
        baseline.current = JSON.stringify(fromAgGridState(e.state));
        return;
      }
      pending.current = fromAgGridState(e.state);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(flush, SAVE_DELAY_MS);
    },
    [flush],
  );

  const restoreDefault = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    pending.current = undefined;
    // The remounted grid reports its default layout as its new baseline.
    grid.current = undefined;
    baseline.current = undefined;
    await api.call('settings.setGridState', { gridId, state: null });
    queryClient.setQueryData(coreKeys.gridState(gridId), null);
    setGeneration((g) => g + 1);
  }, [api, gridId, queryClient]);

  // The initial state is read once per mount generation: later saves must not re-initialise the grid.
  const initialState = useMemo(
    () => toAgGridState(saved.data ?? null, colIds),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [saved.isSuccess, generation],
  );
  return {
    ready: saved.isSuccess || saved.isError,
    initialState,
    onStateUpdated,
    restoreDefault,
    gridKey: `${gridId}-${generation}`,
  };
}

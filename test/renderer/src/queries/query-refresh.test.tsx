// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider, useQuery, type QueryKey } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { agentKeys } from '../../../../renderer/src/queries/agent';
import { actionKeys } from '../../../../renderer/src/queries/actions';
import { coreKeys } from '../../../../renderer/src/queries/core';
import { groupKeys } from '../../../../renderer/src/queries/groups';
import { hostKeys } from '../../../../renderer/src/queries/hosts';
import { keyKeys } from '../../../../renderer/src/queries/keys';
import { useConsoleMutation } from '../../../../renderer/src/queries/mutation';
import { profileKeys } from '../../../../renderer/src/queries/profiles';
import {
  forgetServerData,
  invalidateKeys,
  isRefreshedByF5,
  isServerData,
  reloadSignalKey,
} from '../../../../renderer/src/queries/refresh';
import { repositoryKeys } from '../../../../renderer/src/queries/repository';
import { signatureKeys } from '../../../../renderer/src/queries/signatures';
import { auditKeys, updateKeys } from '../../../../renderer/src/queries/updates';
import { wuaRulesKeys } from '../../../../renderer/src/queries/wua-rules';
import { useReloadOnRefresh } from '../../../../renderer/src/refresh';

const isPrefix = (prefix: QueryKey, key: QueryKey) =>
  prefix.length <= key.length && prefix.every((p, i) => JSON.stringify(p) === JSON.stringify(key[i]));

const newClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

/** One cached entry per key, as the console holds them after a session of use. */
const CACHED: readonly QueryKey[] = [
  coreKeys.appInfo,
  coreKeys.settings,
  coreKeys.gridState('hosts'),
  coreKeys.session,
  keyKeys.status,
  hostKeys.page({ offset: 0, limit: 200, sort: null }),
  hostKeys.list({ limit: 2000 }),
  hostKeys.groups(),
  hostKeys.picker('pc'),
  updateKeys.facets(),
  updateKeys.page({ offset: 0, limit: 200, sort: null, filter: {} }),
  auditKeys.fleetScanStatus(),
  wuaRulesKeys.newest('tis-wua'),
  repositoryKeys.list(true, ''),
  signatureKeys.of(['a.wapt']),
  groupKeys.list(),
  agentKeys.config(),
  actionKeys.queue,
  profileKeys.list,
];

function seeded() {
  const qc = newClient();
  for (const k of CACHED) qc.setQueryData(k, { seeded: true });
  return qc;
}
const invalidated = (qc: QueryClient) =>
  CACHED.filter((k) => qc.getQueryState(k)?.isInvalidated === true).map((k) => JSON.stringify(k));

describe('query key factories', () => {
  it('nest every key under its area root, so invalidating the root reaches all of it', () => {
    const trees: [QueryKey, QueryKey[]][] = [
      [
        hostKeys.all,
        [hostKeys.pages(), hostKeys.lists(), hostKeys.groups(), hostKeys.picker('x'), hostKeys.tasks('u')],
      ],
      [
        hostKeys.pages(),
        [hostKeys.page({ offset: 0, limit: 1, sort: null }), reloadSignalKey(hostKeys.pages())],
      ],
      [
        updateKeys.all,
        [updateKeys.pages(), updateKeys.tasks(), updateKeys.cabHistory(), updateKeys.health()],
      ],
      [auditKeys.all, [auditKeys.fleetScanStatus(), auditKeys.summary({})]],
      [
        wuaRulesKeys.all,
        [wuaRulesKeys.newest('p'), wuaRulesKeys.preview({}), wuaRulesKeys.diffLabels(['x'])],
      ],
      [agentKeys.all, [agentKeys.config(), agentKeys.preview({}), agentKeys.certificates(['c'], false)]],
      [groupKeys.all, [groupKeys.list()]],
    ];
    for (const [root, keys] of trees)
      for (const k of keys) expect(isPrefix(root, k), JSON.stringify(k)).toBe(true);
  });

  it('keep the areas apart (no key of one area under another root)', () => {
    const roots = [
      hostKeys.all,
      updateKeys.all,
      auditKeys.all,
      wuaRulesKeys.all,
      agentKeys.all,
      groupKeys.all,
    ];
    for (const a of roots) for (const b of roots) if (a !== b) expect(isPrefix(a, b)).toBe(false);
    // The host groups (what hosts report) are not the group packages' list.
    expect(isPrefix(groupKeys.all, hostKeys.groups())).toBe(false);
  });
});

describe('invalidateKeys (the one refresh path)', () => {
  it('F5 invalidates everything from the server and keeps the app info and the settings', async () => {
    const qc = seeded();
    await invalidateKeys(qc);
    const kept = [coreKeys.appInfo, coreKeys.settings, coreKeys.gridState('hosts')].map((k) =>
      JSON.stringify(k),
    );
    expect(invalidated(qc).sort()).toEqual(
      CACHED.map((k) => JSON.stringify(k))
        .filter((k) => !kept.includes(k))
        .sort(),
    );
    expect(isRefreshedByF5(coreKeys.session)).toBe(true);
    expect(isRefreshedByF5(coreKeys.gridState('audit'))).toBe(false);
  });

  it('a list of keys invalidates what is under them and nothing else', async () => {
    const qc = seeded();
    await invalidateKeys(qc, [hostKeys.pages(), auditKeys.all]);
    expect(invalidated(qc)).toEqual([
      JSON.stringify(hostKeys.page({ offset: 0, limit: 200, sort: null })),
      JSON.stringify(auditKeys.fleetScanStatus()),
    ]);
  });

  it('a disconnect forgets the server data and keeps app info, settings and the session status', () => {
    const qc = seeded();
    forgetServerData(qc);
    const left = qc
      .getQueryCache()
      .getAll()
      .map((q) => JSON.stringify(q.queryKey))
      .sort();
    expect(left).toEqual(
      [coreKeys.appInfo, coreKeys.settings, coreKeys.gridState('hosts'), coreKeys.session]
        .map((k) => JSON.stringify(k))
        .sort(),
    );
    expect(isServerData(coreKeys.session)).toBe(false);
    expect(isServerData(hostKeys.groups())).toBe(true);
  });
});

function wrapperOf(qc: QueryClient) {
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={qc}>{children}</QueryClientProvider>
  );
}

describe('useConsoleMutation', () => {
  /** Two observed queries, each counting its reads. */
  function observed(qc: QueryClient) {
    const reads = { groups: 0, facets: 0 };
    const hook = renderHook(
      () => [
        useQuery({ queryKey: hostKeys.groups(), queryFn: () => ++reads.groups }),
        useQuery({ queryKey: updateKeys.facets(), queryFn: () => ++reads.facets }),
      ],
      { wrapper: wrapperOf(qc) },
    );
    return { reads, hook };
  }

  it('re-reads the declared keys after a success, not the others, and still runs onSuccess', async () => {
    const qc = newClient();
    const { reads } = observed(qc);
    await waitFor(() => expect(reads).toEqual({ groups: 1, facets: 1 }));
    const onSuccess = vi.fn();
    const { result } = renderHook(
      () =>
        useConsoleMutation({
          mutationFn: (n: number) => Promise.resolve(n * 2),
          invalidates: [hostKeys.all],
          onSuccess,
        }),
      { wrapper: wrapperOf(qc) },
    );
    await act(() => result.current.mutateAsync(21));
    await waitFor(() => expect(reads.groups).toBe(2));
    expect(reads.facets).toBe(1);
    expect(onSuccess.mock.calls[0]?.slice(0, 2)).toEqual([42, 21]);
  });

  it('re-reads nothing after a failure, unless told to on "settled"; keys may depend on the variables', async () => {
    const qc = newClient();
    const { reads } = observed(qc);
    await waitFor(() => expect(reads).toEqual({ groups: 1, facets: 1 }));
    const failing = () => Promise.reject(new Error('refused'));
    const onSuccessOnly = renderHook(
      () => useConsoleMutation({ mutationFn: failing, invalidates: [hostKeys.all] }),
      { wrapper: wrapperOf(qc) },
    );
    await act(() => onSuccessOnly.result.current.mutateAsync().catch(() => undefined));
    expect(qc.getQueryState(hostKeys.groups())?.isInvalidated).toBe(false);

    const onSettled = renderHook(
      () =>
        useConsoleMutation<never, 'updates' | 'hosts'>({
          mutationFn: failing,
          invalidates: (_data, area) => [area === 'updates' ? updateKeys.all : hostKeys.all],
          invalidateOn: 'settled',
        }),
      { wrapper: wrapperOf(qc) },
    );
    await act(() => onSettled.result.current.mutateAsync('updates').catch(() => undefined));
    await waitFor(() => expect(reads.facets).toBe(2));
    expect(reads.groups).toBe(1);
  });
});

describe('useReloadOnRefresh (server-paged grids)', () => {
  it('reloads when its scope or a prefix of it is invalidated, never at mount or for other keys', async () => {
    const qc = newClient();
    const reload = vi.fn();
    renderHook(() => useReloadOnRefresh(hostKeys.pages(), reload), { wrapper: wrapperOf(qc) });
    await waitFor(() => expect(qc.getQueryData(reloadSignalKey(hostKeys.pages()))).toBeDefined());
    expect(reload).not.toHaveBeenCalled();

    await act(() => invalidateKeys(qc, [updateKeys.all]));
    expect(reload).not.toHaveBeenCalled();

    await act(() => invalidateKeys(qc, [hostKeys.pages()]));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));

    await act(() => invalidateKeys(qc, [hostKeys.all])); // e.g. a host action's outcome
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(2));

    await act(() => invalidateKeys(qc)); // F5
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(3));
  });
});

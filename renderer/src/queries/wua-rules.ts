import { queryOptions } from '@tanstack/react-query';
import type { In } from '../../../common/ipc/contract';
import type { ApiClient } from '../platform/api-client';

export const wuaRulesKeys = {
  all: ['wuaRules'] as const,
  list: (lastVersionOnly: boolean, search: string) =>
    [...wuaRulesKeys.all, 'list', lastVersionOnly, search] as const,
  hosts: (pkg: string) => [...wuaRulesKeys.all, 'hosts', pkg] as const,
  drafts: () => [...wuaRulesKeys.all, 'drafts'] as const,
  explain: (hostUuid: string, updateId: string) =>
    [...wuaRulesKeys.all, 'explain', hostUuid, updateId] as const,
  /** The newest version of one rule package (what Promote re-signs). */
  newest: (pkg: string) => [...wuaRulesKeys.all, 'get', pkg, 'newest'] as const,
  /** The save dialog's impact preview and diff of a draft. */
  preview: (draft: unknown) => [...wuaRulesKeys.all, 'preview', draft] as const,
  /** Catalogue titles of the update ids a diff shows that the editor did not know. */
  diffLabels: (ids: readonly string[]) => [...wuaRulesKeys.all, 'diffLabels', ids] as const,
};

export const wuaRulesQueries = {
  list: (api: ApiClient, lastVersionOnly: boolean, search: string) =>
    queryOptions({
      queryKey: wuaRulesKeys.list(lastVersionOnly, search),
      queryFn: () => api.call('wuaRules.list', { lastVersionOnly, search }),
      staleTime: 15_000,
    }),
  hosts: (api: ApiClient, pkg: string) =>
    queryOptions({
      queryKey: wuaRulesKeys.hosts(pkg),
      queryFn: () => api.call('wuaRules.hosts', { package: pkg }),
      staleTime: 15_000,
    }),
  drafts: (api: ApiClient) =>
    queryOptions({
      queryKey: wuaRulesKeys.drafts(),
      queryFn: () => api.call('wuaRules.listDrafts', {}),
      staleTime: 0,
    }),
  newest: (api: ApiClient, pkg: string) =>
    queryOptions({
      queryKey: wuaRulesKeys.newest(pkg),
      queryFn: () => api.call('wuaRules.get', { package: pkg, version: null }),
      staleTime: 0,
    }),
  preview: (api: ApiClient, draft: In<'wuaRules.preview'>) =>
    queryOptions({
      queryKey: wuaRulesKeys.preview(draft),
      queryFn: () => api.call('wuaRules.preview', draft),
      // A preview is of this draft, now: never shown again from the cache.
      staleTime: 0,
      gcTime: 0,
    }),
  /** The whole catalogue's first 5000 updates: the diff's ids are looked up in it. */
  diffLabels: (api: ApiClient, ids: readonly string[]) =>
    queryOptions({
      queryKey: wuaRulesKeys.diffLabels(ids),
      queryFn: () => api.call('updates.page', { offset: 0, limit: 5000, filter: {} }),
      staleTime: 60_000,
    }),
  explain: (api: ApiClient, hostUuid: string, updateId: string) =>
    queryOptions({
      queryKey: wuaRulesKeys.explain(hostUuid, updateId),
      queryFn: () => api.call('wuaRules.explain', { hostUuid, updateId }),
      staleTime: 0,
    }),
};

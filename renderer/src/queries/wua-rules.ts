import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../platform/api-client';

export const wuaRulesKeys = {
  all: ['wuaRules'] as const,
  list: (lastVersionOnly: boolean, search: string) =>
    [...wuaRulesKeys.all, 'list', lastVersionOnly, search] as const,
  hosts: (pkg: string) => [...wuaRulesKeys.all, 'hosts', pkg] as const,
  drafts: () => [...wuaRulesKeys.all, 'drafts'] as const,
  explain: (hostUuid: string, updateId: string) =>
    [...wuaRulesKeys.all, 'explain', hostUuid, updateId] as const,
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
  explain: (api: ApiClient, hostUuid: string, updateId: string) =>
    queryOptions({
      queryKey: wuaRulesKeys.explain(hostUuid, updateId),
      queryFn: () => api.call('wuaRules.explain', { hostUuid, updateId }),
      staleTime: 0,
    }),
};

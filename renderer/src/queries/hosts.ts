import { queryOptions } from '@tanstack/react-query';
import type { In } from '../../../common/ipc/contract';
import type { ApiClient } from '../platform/api-client';

export const hostKeys = {
  all: ['hosts'] as const,
  pages: () => [...hostKeys.all, 'page'] as const,
  page: (q: In<'hosts.page'>) => [...hostKeys.pages(), q] as const,
  lists: () => [...hostKeys.all, 'list'] as const,
  list: (q: In<'hosts.list'>) => [...hostKeys.lists(), q] as const,
  inventory: (uuid: string, part: 'packages' | 'softwares' | 'hardware') =>
    [...hostKeys.all, 'inventory', uuid, part] as const,
  details: (uuid: string) => [...hostKeys.all, 'details', uuid] as const,
  groups: () => [...hostKeys.all, 'groups'] as const,
  tasks: (uuid: string) => [...hostKeys.all, 'tasks', uuid] as const,
  /** The host picker's search by name (assign dialogs). */
  picker: (search: string) => [...hostKeys.all, 'picker', search] as const,
};

export const hostQueries = {
  page: (api: ApiClient, q: In<'hosts.page'>) =>
    queryOptions({ queryKey: hostKeys.page(q), queryFn: () => api.call('hosts.page', q), staleTime: 15_000 }),
  /** The whole listing of a server that does not page (one request); kept while the tab lives. */
  list: (api: ApiClient, q: In<'hosts.list'>) =>
    queryOptions({ queryKey: hostKeys.list(q), queryFn: () => api.call('hosts.list', q), staleTime: 60_000 }),
  packages: (api: ApiClient, uuid: string) =>
    queryOptions({
      queryKey: hostKeys.inventory(uuid, 'packages'),
      queryFn: () => api.call('hosts.packages', { uuid }),
      staleTime: 15_000,
    }),
  softwares: (api: ApiClient, uuid: string) =>
    queryOptions({
      queryKey: hostKeys.inventory(uuid, 'softwares'),
      queryFn: () => api.call('hosts.softwares', { uuid }),
      staleTime: 60_000,
    }),
  hardware: (api: ApiClient, uuid: string) =>
    queryOptions({
      queryKey: hostKeys.inventory(uuid, 'hardware'),
      queryFn: () => api.call('hosts.hardware', { uuid }),
      staleTime: 60_000,
    }),
  details: (api: ApiClient, uuid: string, withUpdates = true) =>
    queryOptions({
      queryKey: [...hostKeys.details(uuid), withUpdates] as const,
      queryFn: () => api.call('hosts.details', { uuid, withUpdates }),
      staleTime: 15_000,
    }),
  groups: (api: ApiClient) =>
    queryOptions({
      queryKey: hostKeys.groups(),
      queryFn: () => api.call('hosts.groups', {}),
      staleTime: 5 * 60_000,
    }),
  tasks: (api: ApiClient, uuid: string) =>
    queryOptions({ queryKey: hostKeys.tasks(uuid), queryFn: () => api.call('hosts.tasks', { uuid }) }),
  picker: (api: ApiClient, search: string, limit: number) =>
    queryOptions({
      queryKey: hostKeys.picker(search),
      queryFn: () => api.call('hosts.list', { limit, search: { text: search, scope: 'host' } }),
      staleTime: 15_000,
    }),
};

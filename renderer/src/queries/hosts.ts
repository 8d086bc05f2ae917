import { queryOptions } from '@tanstack/react-query';
import type { In } from '../../../common/ipc/contract';
import type { ApiClient } from '../platform/api-client';

export const hostKeys = {
  all: ['hosts'] as const,
  pages: () => [...hostKeys.all, 'page'] as const,
  page: (q: In<'hosts.page'>) => [...hostKeys.pages(), q] as const,
  details: (uuid: string) => [...hostKeys.all, 'details', uuid] as const,
  groups: () => [...hostKeys.all, 'groups'] as const,
  tasks: (uuid: string) => [...hostKeys.all, 'tasks', uuid] as const,
};

export const hostQueries = {
  page: (api: ApiClient, q: In<'hosts.page'>) =>
    queryOptions({ queryKey: hostKeys.page(q), queryFn: () => api.call('hosts.page', q), staleTime: 15_000 }),
  details: (api: ApiClient, uuid: string) =>
    queryOptions({
      queryKey: hostKeys.details(uuid),
      queryFn: () => api.call('hosts.details', { uuid }),
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
};

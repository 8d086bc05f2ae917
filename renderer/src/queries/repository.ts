import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../platform/api-client';

export const repositoryKeys = {
  all: ['repository'] as const,
  list: (lastVersionOnly: boolean, search: string) =>
    [...repositoryKeys.all, 'list', lastVersionOnly, search] as const,
  details: (filename: string) => [...repositoryKeys.all, 'details', filename] as const,
};

export const repositoryQueries = {
  list: (api: ApiClient, lastVersionOnly: boolean, search: string) =>
    queryOptions({
      queryKey: repositoryKeys.list(lastVersionOnly, search),
      queryFn: () => api.call('repository.list', { lastVersionOnly, search }),
      staleTime: 15_000,
    }),
  details: (api: ApiClient, filename: string) =>
    queryOptions({
      queryKey: repositoryKeys.details(filename),
      queryFn: () => api.call('repository.details', { filename }),
      staleTime: 0,
    }),
};

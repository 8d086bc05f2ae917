import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../platform/api-client';

/** The repository's group packages (docs/host-packages.md); the groups hosts report are hostKeys.groups(). */
export const groupKeys = {
  all: ['groups'] as const,
  list: () => [...groupKeys.all, 'list'] as const,
};

export const groupQueries = {
  list: (api: ApiClient) =>
    queryOptions({ queryKey: groupKeys.list(), queryFn: () => api.call('groups.list', {}) }),
};

import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../platform/api-client';

/** Saved connections of the login screen (passwords never in them: the OS secret store keeps those). */
export const profileKeys = { list: ['profiles'] as const };

export const profileQueries = {
  list: (api: ApiClient) =>
    queryOptions({ queryKey: profileKeys.list, queryFn: () => api.call('profiles.list', {}) }),
};

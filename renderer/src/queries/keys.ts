import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../platform/api-client';

export const keyKeys = { status: ['keys', 'status'] as const };

export const keyQueries = {
  // The vault locks itself after its idle time: re-read now and then so the UI follows.
  status: (api: ApiClient) =>
    queryOptions({
      queryKey: keyKeys.status,
      queryFn: () => api.call('keys.status', {}),
      staleTime: 10_000,
      refetchInterval: 30_000,
    }),
};

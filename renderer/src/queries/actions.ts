import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../platform/api-client';

export const actionKeys = {
  /** Host actions waiting for offline hosts (kept by main in host-action-queue.json). */
  queue: ['actions', 'queue'] as const,
};

export const actionQueries = {
  queue: (api: ApiClient) =>
    queryOptions({ queryKey: actionKeys.queue, queryFn: () => api.call('actions.queueList', {}) }),
};

import { queryOptions } from '@tanstack/react-query';
import type { In } from '../../../common/ipc/contract';
import type { UpdatesFilter } from '../../../common/ipc/methods/updates';
import type { ApiClient } from '../platform/api-client';

export const updateKeys = {
  all: ['updates'] as const,
  pages: () => [...updateKeys.all, 'page'] as const,
  page: (q: In<'updates.page'>) => [...updateKeys.pages(), q] as const,
  facets: () => [...updateKeys.all, 'facets'] as const,
  tasks: () => [...updateKeys.all, 'tasks'] as const,
  cabHistory: () => [...updateKeys.all, 'cabHistory'] as const,
  health: () => [...updateKeys.all, 'health'] as const,
};

export const auditKeys = {
  all: ['audit'] as const,
  summary: (filter: UpdatesFilter) => [...auditKeys.all, 'summary', filter] as const,
  /** The console's own computation of the Windows-update counts (docs/server-capabilities.md). */
  fleetScanStatus: () => [...auditKeys.all, 'fleetScanStatus'] as const,
};

/** Non-final download tasks make the task list poll every second; otherwise every few seconds while shown. */
export const TASKS_POLL_MS = 1000;
export const TASKS_IDLE_POLL_MS = 5000;

export const updateQueries = {
  page: (api: ApiClient, q: In<'updates.page'>) =>
    queryOptions({
      queryKey: updateKeys.page(q),
      queryFn: () => api.call('updates.page', q),
      staleTime: 15_000,
    }),
  facets: (api: ApiClient) =>
    queryOptions({
      queryKey: updateKeys.facets(),
      queryFn: () => api.call('updates.facets', {}),
      staleTime: 60_000,
    }),
  tasks: (api: ApiClient) =>
    queryOptions({
      queryKey: updateKeys.tasks(),
      queryFn: () => api.call('updates.tasks', { limit: 500 }),
      staleTime: 0,
    }),
  cabHistory: (api: ApiClient) =>
    queryOptions({
      queryKey: updateKeys.cabHistory(),
      queryFn: () => api.call('updates.cabHistory', { limit: 200 }),
      staleTime: 15_000,
    }),
  health: (api: ApiClient) =>
    queryOptions({
      queryKey: updateKeys.health(),
      queryFn: () => api.call('updates.catalogHealth', {}),
      staleTime: 15_000,
    }),
};

export const auditQueries = {
  summary: (api: ApiClient, filter: UpdatesFilter) =>
    queryOptions({
      queryKey: auditKeys.summary(filter),
      queryFn: () => api.call('audit.summary', { filter }),
      staleTime: 30_000,
    }),
  fleetScanStatus: (api: ApiClient) =>
    queryOptions({
      queryKey: auditKeys.fleetScanStatus(),
      queryFn: () => api.call('audit.fleetScanStatus', {}),
    }),
};

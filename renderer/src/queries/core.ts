import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../platform/api-client';

export const coreKeys = {
  appInfo: ['app', 'info'] as const,
  settings: ['settings'] as const,
  session: ['session', 'status'] as const,
  gridState: (gridId: string) => ['settings', 'grid', gridId] as const,
};

export const coreQueries = {
  appInfo: (api: ApiClient) =>
    queryOptions({
      queryKey: coreKeys.appInfo,
      queryFn: () => api.call('app.info', {}),
      staleTime: Infinity,
    }),
  settings: (api: ApiClient) =>
    queryOptions({
      queryKey: coreKeys.settings,
      queryFn: () => api.call('settings.get', {}),
      staleTime: Infinity,
    }),
  session: (api: ApiClient) =>
    queryOptions({
      queryKey: coreKeys.session,
      queryFn: () => api.call('session.status', {}),
      staleTime: 60_000,
    }),
  gridState: (api: ApiClient, gridId: string) =>
    queryOptions({
      queryKey: coreKeys.gridState(gridId),
      queryFn: () => api.call('settings.getGridState', { gridId }),
      staleTime: Infinity,
    }),
};

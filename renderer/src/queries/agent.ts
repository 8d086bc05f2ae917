import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../platform/api-client';

export const agentKeys = {
  all: ['agentBuild'] as const,
  config: () => [...agentKeys.all, 'config'] as const,
  certificates: (paths: readonly string[], includeNonCA: boolean) =>
    [...agentKeys.all, 'certificates', paths, includeNonCA] as const,
  /** The draft as typed, valid or not: main renders wapt-get.ini and the .iss from it. */
  preview: (config: unknown) => [...agentKeys.all, 'preview', config] as const,
  /** A build's outcome, read again when the build or its upload finishes. */
  outcome: (jobId: string | null, buildFinished: unknown, uploadFinished: unknown) =>
    [...agentKeys.all, 'outcome', jobId, buildFinished, uploadFinished] as const,
};

export const agentQueries = {
  config: (api: ApiClient) =>
    queryOptions({
      queryKey: agentKeys.config(),
      queryFn: () => api.call('agent.loadConfig', {}),
      staleTime: Infinity,
    }),
  certificates: (api: ApiClient, paths: readonly string[], includeNonCA: boolean) =>
    queryOptions({
      queryKey: agentKeys.certificates(paths, includeNonCA),
      queryFn: () => api.call('agent.inspectCertificates', { paths: [...paths], includeNonCA }),
    }),
  preview: (api: ApiClient, config: unknown) =>
    queryOptions({
      queryKey: agentKeys.preview(config),
      queryFn: () => api.call('agent.preview', { config }),
    }),
  outcome: (api: ApiClient, jobId: string | null, buildFinished: unknown, uploadFinished: unknown) =>
    queryOptions({
      queryKey: agentKeys.outcome(jobId, buildFinished, uploadFinished),
      queryFn: () => api.call('agent.outcome', { jobId: jobId ?? '' }),
    }),
};

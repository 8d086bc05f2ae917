import { queryOptions } from '@tanstack/react-query';
import type { PackageSignatureStatus } from '../../../common/ipc/methods/signatures';
import type { ApiClient } from '../platform/api-client';

export const signatureKeys = {
  all: ['signatures'] as const,
  /** `filenames` sorted and without duplicates, so one set of files is one cache entry. */
  of: (filenames: readonly string[]) => [...signatureKeys.all, ...filenames] as const,
};

/** The bridge takes at most 500 names per call; smaller chunks keep each answer quick. */
const CHUNK = 100;

export const signatureQueries = {
  /** Signature status of each file, verified in main against the trusted store (docs/repository.md). */
  statuses: (api: ApiClient, filenames: readonly string[]) =>
    queryOptions({
      queryKey: signatureKeys.of(filenames),
      queryFn: async (): Promise<ReadonlyMap<string, PackageSignatureStatus>> => {
        const out = new Map<string, PackageSignatureStatus>();
        for (let i = 0; i < filenames.length; i += CHUNK) {
          const { statuses } = await api.call('packages.signatureStatus', {
            filenames: filenames.slice(i, i + CHUNK),
          });
          for (const s of statuses) out.set(s.filename, s);
        }
        return out;
      },
      staleTime: 30_000,
    }),
};

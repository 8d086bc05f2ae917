import {
  useMutation,
  useQueryClient,
  type QueryKey,
  type UseMutationOptions,
  type UseMutationResult,
} from '@tanstack/react-query';
import { invalidateKeys } from './refresh';

type Invalidates<TData, TVariables> =
  readonly QueryKey[] | ((data: TData | undefined, variables: TVariables) => readonly QueryKey[]);

export type ConsoleMutationOptions<TData, TVariables, TOnMutateResult = unknown> = UseMutationOptions<
  TData,
  Error,
  TVariables,
  TOnMutateResult
> & {
  /**
   * The query keys (prefixes, from the key factories of this folder) whose server data this
   * mutation changes. They are invalidated after it through the one refresh path
   * (queries/refresh.ts), so every grid showing them, server-paged ones included, reads again.
   */
  invalidates: Invalidates<TData, TVariables>;
  /**
   * 'success' (the default) invalidates only after a success; 'settled' also after a failure, for
   * operations that can change part of the data before failing (a batch of deletions).
   */
  invalidateOn?: 'success' | 'settled';
};

/**
 * useMutation that says which data it changes. Components never call invalidateQueries
 * themselves: the declaration sits next to the mutation, and the invalidation runs before the
 * caller's own onSuccess / onSettled (which still run, unchanged).
 */
export function useConsoleMutation<TData, TVariables = void, TOnMutateResult = unknown>(
  options: ConsoleMutationOptions<TData, TVariables, TOnMutateResult>,
): UseMutationResult<TData, Error, TVariables, TOnMutateResult> {
  const queryClient = useQueryClient();
  const { invalidates, invalidateOn = 'success', onSuccess, onSettled, ...rest } = options;
  const invalidate = (data: TData | undefined, variables: TVariables) =>
    void invalidateKeys(
      queryClient,
      typeof invalidates === 'function' ? invalidates(data, variables) : invalidates,
    );
  return useMutation<TData, Error, TVariables, TOnMutateResult>({
    ...rest,
    onSuccess: (data, variables, onMutateResult, context) => {
      if (invalidateOn === 'success') invalidate(data, variables);
      return onSuccess?.(data, variables, onMutateResult, context);
    },
    onSettled: (data, error, variables, onMutateResult, context) => {
      if (invalidateOn === 'settled') invalidate(data, variables);
      return onSettled?.(data, error, variables, onMutateResult, context);
    },
  });
}

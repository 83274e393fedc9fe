/**
 * A TanStack Query result as the `Loaded` shape that `Resource` (ui.tsx) shows: its loading, error
 * and empty states stay the same on every page whichever way the page fetches.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { describeError } from '../api/client';
import type { Loaded } from './ui';

export function loadedFrom<T>(q: UseQueryResult<T>): Loaded<T> {
  return {
    data: q.data,
    error: q.error ? describeError(q.error) : undefined,
    loading: q.isFetching,
    reload: () => void q.refetch(),
  };
}

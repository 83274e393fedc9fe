/**
 * The console's one place for server state (TanStack Query): every page reads through `useQuery`
 * with a key from `queryKeys`, and changes invalidate the keys they affect, so a page never keeps
 * its own stale copy. The alert stream invalidates on reconnect and on events.
 */
import { QueryClient } from '@tanstack/react-query';

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // An operator's screen must not show stale data after a reconnect or a tab switch.
      queries: { staleTime: 2_000, refetchOnWindowFocus: true, retry: 1 },
      mutations: { retry: 0 },
    },
  });
}

/** Server state of the deployment pages: the query keys that a change invalidates, and the reads. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok } from '../../api/client';

export const deploymentKeys = {
  all: ['deployments'] as const,
  list: ['deployments', 'list'] as const,
  one: (id: string) => ['deployments', id] as const,
  /** The parts of one deployment: all under its key, so a change to it reads them all again. */
  watchlist: (id: string) => ['deployments', id, 'watchlist'] as const,
  cameras: (id: string) => ['deployments', id, 'cameras'] as const,
  record: (id: string) => ['deployments', id, 'record'] as const,
};

export const useWatchlist = (id: string) =>
  useQuery({
    queryKey: deploymentKeys.watchlist(id),
    queryFn: () => ok(api.GET('/v1/deployments/{id}/watchlist', { params: { path: { id } } })),
  });

export const useCameras = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: deploymentKeys.cameras(id),
    enabled,
    queryFn: () => ok(api.GET('/v1/deployments/{id}/cameras', { params: { path: { id } } })),
  });

/** The record (R24); read again as the deployment's status and alert count move. */
export const useRecord = (id: string, status: string, alerts: number) =>
  useQuery({
    queryKey: [...deploymentKeys.record(id), status, alerts],
    queryFn: () => ok(api.GET('/v1/deployments/{id}/record', { params: { path: { id }, query: { format: 'json' } } })),
  });

/** After a change to a deployment (its watchlist, cameras, life): all its parts and the list are read again. */
export function useInvalidateDeployment(id: string): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: deploymentKeys.one(id) });
    await client.invalidateQueries({ queryKey: deploymentKeys.list });
  };
}

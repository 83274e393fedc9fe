/** Server state of the case pages: the query keys, the reads, and what each change invalidates. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ok, type paths, type Schemas } from '../../api/client';

export type Probe = Schemas['Probe'];
export type Track = Schemas['ProbeTrack'];
export type SearchResult = paths['/v1/searches/{searchId}']['get']['responses'][200]['content']['application/json'];
export type ProbeFaces =
  paths['/v1/cases/{caseId}/probes/{probeId}/faces']['get']['responses'][200]['content']['application/json'];
export type Face = ProbeFaces['faces'][number];

export const caseKeys = {
  all: ['cases'] as const,
  list: ['cases', 'list'] as const,
  workspace: (caseId: string) => ['cases', caseId] as const,
  tracks: (caseId: string, probeId: string) => ['cases', caseId, 'tracks', probeId] as const,
  faces: (caseId: string, probeId: string, trackId: string | undefined) =>
    ['cases', caseId, 'faces', probeId, trackId ?? null] as const,
  search: (searchId: string) => ['searches', searchId] as const,
};

/** Where a probe's pixels are served (a video's: the track's best frame). */
export const probeContentUrl = (caseId: string, probeId: string, trackId?: string | null): string =>
  `/v1/cases/${caseId}/probes/${probeId}/content${trackId ? `?trackId=${trackId}` : ''}`;

export const useCases = () =>
  useQuery({
    queryKey: caseKeys.list,
    queryFn: () => ok(api.GET('/v1/cases', { params: { query: { limit: 100 } } })),
  });

export const useWorkspace = (caseId: string) =>
  useQuery({
    queryKey: caseKeys.workspace(caseId),
    queryFn: () => ok(api.GET('/v1/cases/{caseId}', { params: { path: { caseId } } })),
  });

export const useTracks = (caseId: string, probe: Probe | undefined) =>
  useQuery({
    queryKey: caseKeys.tracks(caseId, probe?.id ?? ''),
    enabled: probe?.kind === 'video',
    queryFn: async () =>
      (
        await ok(
          api.GET('/v1/cases/{caseId}/probes/{probeId}/tracks', {
            params: { path: { caseId, probeId: probe?.id ?? '' } },
          }),
        )
      ).tracks,
  });

/** The faces on the probe (or the track's frame), found by the server: the same for every reviewer. */
export const useProbeFaces = (caseId: string, probeId: string, trackId: string | undefined, enabled: boolean) =>
  useQuery({
    queryKey: caseKeys.faces(caseId, probeId, trackId),
    enabled,
    staleTime: Infinity,
    queryFn: () =>
      ok(
        api.GET('/v1/cases/{caseId}/probes/{probeId}/faces', {
          params: { path: { caseId, probeId }, query: trackId ? { trackId } : {} },
        }),
      ),
  });

export const useSearchResult = (searchId: string | undefined) =>
  useQuery({
    queryKey: caseKeys.search(searchId ?? ''),
    enabled: searchId !== undefined,
    queryFn: () => ok(api.GET('/v1/searches/{searchId}', { params: { path: { searchId: searchId ?? '' } } })),
  });

/** After a change to a case (a probe, a search, a decision): its workspace and the case list are read again. */
export function useInvalidateCase(caseId: string): () => Promise<void> {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: caseKeys.workspace(caseId), exact: true });
    await client.invalidateQueries({ queryKey: caseKeys.list });
  };
}

/**
 * The installation's configured closed lists (GET /v1/lists): watchlist categories, offence types
 * and probe provenances. Fetched once per page load and shared; the pages offer these and nothing
 * hard-coded, so a force that configures its own lists sees them in the console.
 */
import { api, ok, type paths } from '../api/client';
import { useLoad, type Loaded } from './ui';

export type ConfiguredLists = paths['/v1/lists']['get']['responses'][200]['content']['application/json'];

let cached: Promise<ConfiguredLists> | undefined;

function fetchLists(): Promise<ConfiguredLists> {
  if (!cached) {
    cached = ok(api.GET('/v1/lists'));
    // A failed fetch (the API down) is not kept: the next page to ask tries again.
    cached.catch(() => {
      cached = undefined;
    });
  }
  return cached;
}

/** The configured lists, loaded (and reloadable) like any other resource. */
export function useLists(): Loaded<ConfiguredLists> {
  return useLoad(fetchLists, []);
}

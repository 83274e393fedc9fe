/**
 * The gallery index of a worker or pipeline process in scale-out (issue 7): none. Those roles
 * never search the gallery (archive search scans the case's archive, live matching the
 * deployment's watchlist), so they do not spend 1.5 GB per million templates on a replica.
 * A search here is a programming error and says so; additions and removals are ignored, since
 * the API processes' replicas catch up from the database.
 */
import { DomainError } from '../shared/domain-error.ts';
import type { OpenedGalleryIndex } from './gallery-index.ts';
import type { ScoredKey } from './vector-index-store.ts';
import type { PersistentVectorIndex } from './vector-index.ts';

class NoGalleryIndex implements PersistentVectorIndex {
  readonly size = 0;

  constructor(
    readonly modelId: string,
    readonly dimensions: number,
  ) {}

  add(): void {}
  remove(): boolean {
    return false;
  }
  has(): boolean {
    return false;
  }
  search(): ScoredKey[] {
    throw new DomainError(
      'unavailable',
      'no-gallery-index',
      'this process runs no api role and holds no gallery index: gallery searches run in API processes',
    );
  }
  save(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function noGalleryIndex(modelId: string, dimensions: number): OpenedGalleryIndex {
  return {
    index: new NoGalleryIndex(modelId, dimensions),
    opened: 'not-loaded',
    reason: 'no api role in this process',
    markChanged: () => undefined,
    close: () => Promise.resolve(),
  };
}

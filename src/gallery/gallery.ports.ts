/**
 * The gallery's ports (issue 16). `GalleryReads` is the gallery as other domains read it:
 * retrospective search resolves index hits to subjects and shows a candidate's reference face
 * through it, never through the gallery's tables (GalleryService implements it; a unit test gives
 * an in-memory one). `Authorise` is what the gallery needs from governance, filled by the
 * composition root (app/services.ts).
 */
import type { ReferenceImageRow } from '../db/schema.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import type { Accessor } from '../governance/authorise.ts';
import type { Permission } from '../governance/permissions.ts';
import type { TemplateOwner } from './gallery.repository.ts';

export type { TemplateOwner } from './gallery.repository.ts';

export interface GalleryReads {
  /** Which subject and image each template key belongs to (keys without a row are left out). */
  templateOwners(keys: readonly number[]): Promise<ReadonlyMap<number, TemplateOwner>>;
  /** Display names of those subjects that still exist, by id. */
  displayNames(subjectIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** A reference image's row, if it still exists (not audited: the caller audits its view). */
  findImage(imageId: string): Promise<ReferenceImageRow | undefined>;
}

/** Refuses (and records, as governance's `authorise` does) `who` without `permission` (R30). */
export type Authorise = (
  who: Accessor,
  permission: Permission,
  target?: { readonly type: string; readonly id: string },
) => Promise<void>;

/** The face engine as enrolment uses it: every face embedded. */
export interface GalleryAnalyser {
  analyse(bytes: Uint8Array, options: { embed: 'all' }): Promise<ImageAnalysis>;
}

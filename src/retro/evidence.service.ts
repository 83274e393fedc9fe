/**
 * Evidence for every reviewer (issue 13; R29, R30, R35, R38): a probe's pixels, the faces on it,
 * the face a search searched, and a candidate's reference face, served to users permitted to see
 * them. Each call checks the permission and the case's record-level access itself and audits the
 * view (`probe.viewed`, `candidate.viewed`, `gallery.image-viewed`), so a review by a second
 * person, in a later session, sees what the first one saw, and the record shows who looked.
 */
import type { Queryable } from '../db/database.ts';
import type { ProbeRow, ProbeTrackRow } from '../db/schema.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import type { Box } from '../faces/types.ts';
import type { GalleryReads } from '../gallery/gallery.ports.ts';
import type { AuditAppender } from '../governance/audit/audit-port.ts';
import { channelDetails, type Accessor } from '../governance/authorise.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import type { CaseService } from './case.service.ts';
import { cropFace, imageMime } from './face-crop.ts';
import type { ProbeService } from './probe.service.ts';
import type { Authorise } from './retro.ports.ts';
import type { SearchService } from './search.service.ts';
import { parseSearchedFace, trackFaceIndex } from './track-face.ts';

export interface EvidenceServiceDeps {
  readonly db: Queryable;
  readonly cases: Pick<CaseService, 'accessibleCase'>;
  readonly probes: Pick<ProbeService, 'probe' | 'track' | 'tracks' | 'probeImage'>;
  readonly searches: Pick<SearchService, 'find' | 'searchedImage' | 'result'>;
  /** The gallery's read port: a candidate's reference image (issue 16). */
  readonly gallery: Pick<GalleryReads, 'findImage'>;
  readonly audit: AuditAppender;
  readonly authorise: Authorise;
  readonly media: Pick<MediaStore, 'get'>;
  readonly engine: { analyse(bytes: Uint8Array, options: { embed: 'none' }): Promise<ImageAnalysis> };
}

export interface Picture {
  readonly bytes: Uint8Array;
  readonly mime: string;
}

/** The faces of a probe image (or of a track's best frame), largest first. */
export interface ProbeFaces {
  readonly width: number;
  readonly height: number;
  readonly faces: ImageAnalysis['faces'];
  /** For a track: which of `faces` is the track's own (undefined when none overlaps its box). */
  readonly trackFace: number | undefined;
}

export class EvidenceService {
  constructor(private readonly deps: EvidenceServiceDeps) {}

  /** The probe image; for a video probe the best frame of `trackId` (default: its first track). */
  async probeContent(caseId: string, probeId: string, trackId: string | undefined, who: Accessor): Promise<Picture> {
    const { probe, track } = await this.probeFor(caseId, probeId, trackId, who);
    const bytes = await this.deps.probes.probeImage(probe, track);
    await this.viewed(who, probe, { what: 'content', trackId: track?.id ?? null });
    return { bytes, mime: await imageMime(bytes) };
  }

  /** The faces on the probe image or the track's frame (no pixels, so not audited as a view). */
  async probeFaces(caseId: string, probeId: string, trackId: string | undefined, who: Accessor): Promise<ProbeFaces> {
    const { probe, track } = await this.probeFor(caseId, probeId, trackId, who);
    const analysis = await this.deps.engine.analyse(await this.deps.probes.probeImage(probe, track), { embed: 'none' });
    return {
      width: analysis.width,
      height: analysis.height,
      faces: analysis.faces,
      trackFace: track ? trackFaceIndex(analysis.faces, track) : undefined,
    };
  }

  /** A JPEG crop of face `n` (0 = largest) of the probe image or the track's frame. */
  async probeFaceCrop(
    caseId: string,
    probeId: string,
    n: number,
    trackId: string | undefined,
    who: Accessor,
  ): Promise<Buffer> {
    const { probe, track } = await this.probeFor(caseId, probeId, trackId, who);
    const bytes = await this.deps.probes.probeImage(probe, track);
    const face = (await this.deps.engine.analyse(bytes, { embed: 'none' })).faces[n];
    if (!face) throw new DomainError('not-found', 'no-such-face', `the probe has no face ${n + 1}`);
    const crop = await cropFace(bytes, face.box);
    await this.viewed(who, probe, { what: 'face', face: n, trackId: track?.id ?? null });
    return crop;
  }

  /** The face a search searched, cut from its searched (enhanced) image at the recorded box. */
  async searchedFace(searchId: string, who: Accessor): Promise<Buffer> {
    const search = await this.deps.searches.find(searchId);
    const { probe } = await this.probeFor(search.case_id, search.probe_id, undefined, who, false);
    const image = await this.deps.searches.searchedImage(search);
    let box: Box | undefined = parseSearchedFace(search.face_box_json) ?? undefined;
    // A search recorded before its box was: the face at its index, found again on the same image.
    box ??= (await this.deps.engine.analyse(image, { embed: 'none' })).faces[search.face_index]?.box;
    if (!box) throw new DomainError('not-found', 'no-such-face', 'the searched face can no longer be found');
    const crop = await cropFace(image, box);
    await this.viewed(who, probe, { what: 'searched-face', searchId, trackId: search.track_id });
    return crop;
  }

  /** A candidate's reference face: case access and gallery:view-images, audited as candidate.viewed. */
  async candidateFace(searchId: string, rank: number, who: Accessor): Promise<Buffer> {
    const search = await this.deps.searches.find(searchId);
    await this.deps.authorise(who, 'cases:read', { type: 'case', id: search.case_id });
    await this.deps.cases.accessibleCase(search.case_id, who);
    await this.deps.authorise(who, 'gallery:view-images', { type: 'search', id: searchId });
    const { candidates } = await this.deps.searches.result(searchId);
    const c = candidates.find((x) => x.rank === rank);
    if (!c) throw new DomainError('not-found', 'no-such-candidate', `search ${searchId} has no candidate ${rank}`);
    const crop = await this.referenceFace(c.image_id);
    await this.deps.audit.append(this.deps.db, {
      actor: who.username,
      action: 'candidate.viewed',
      target: { type: 'search', id: searchId },
      details: { caseId: search.case_id, rank, subjectId: c.subject_id, imageId: c.image_id, ...channelDetails(who) },
    });
    return crop;
  }

  /** A reference image's face (gallery:view-images), audited as a view of the image. */
  async galleryFace(imageId: string, who: Accessor): Promise<Buffer> {
    await this.deps.authorise(who, 'gallery:view-images', { type: 'reference-image', id: imageId });
    const crop = await this.referenceFace(imageId);
    await this.deps.audit.append(this.deps.db, {
      actor: who.username,
      action: 'gallery.image-viewed',
      target: { type: 'reference-image', id: imageId },
      details: { crop: true, ...channelDetails(who) },
    });
    return crop;
  }

  /** The enrolled face of a reference image: the largest, as enrolment takes by default. */
  private async referenceFace(imageId: string): Promise<Buffer> {
    const image = await this.deps.gallery.findImage(imageId);
    if (!image)
      throw new DomainError('not-found', 'no-such-image', `reference image ${imageId} no longer exists (deleted)`);
    const bytes = await this.deps.media.get(image.media_id);
    const face = (await this.deps.engine.analyse(bytes, { embed: 'none' })).faces[0];
    if (!face) throw new DomainError('not-found', 'no-such-face', 'no face found on the reference image');
    return cropFace(bytes, face.box);
  }

  private async probeFor(
    caseId: string,
    probeId: string,
    trackId: string | undefined,
    who: Accessor,
    defaultTrack = true,
  ): Promise<{ probe: ProbeRow; track: ProbeTrackRow | undefined }> {
    await this.deps.authorise(who, 'cases:read', { type: 'case', id: caseId });
    await this.deps.cases.accessibleCase(caseId, who);
    const probe = await this.deps.probes.probe(caseId, probeId);
    if (trackId) return { probe, track: await this.deps.probes.track(probe, trackId) };
    if (probe.kind !== 'video' || !defaultTrack) return { probe, track: undefined };
    const [first] = await this.deps.probes.tracks(probe.id);
    if (!first) throw new DomainError('not-found', 'no-tracks', 'no face was tracked in this video probe');
    return { probe, track: first };
  }

  private async viewed(who: Accessor, probe: ProbeRow, details: Record<string, unknown>): Promise<void> {
    await this.deps.audit.append(this.deps.db, {
      actor: who.username,
      action: 'probe.viewed',
      target: { type: 'probe', id: probe.id },
      details: { caseId: probe.case_id, ...details, ...channelDetails(who) },
    });
  }
}

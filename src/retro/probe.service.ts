/**
 * The probes of a case: the images and videos investigators search with. Probes are sealed at
 * rest, stay in the case workspace under case retention, and no path leads from here into the
 * reference gallery (R33). A video probe is sampled and its faces grouped into tracks; each
 * track's best frame is kept so the investigator can pick whom to search (R37). Adding a probe
 * needs cases:write and record-level access to an open case (R30, case.service.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { ProbeRow, ProbeTrackRow } from '../db/schema.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import type { AuditAppender } from '../governance/audit/audit-port.ts';
import { channelDetails, type Accessor } from '../governance/authorise.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import type { CaseRepository } from './case.repository.ts';
import type { CaseService } from './case.service.ts';
import type { FoundTrack, NewProbeInput, VideoAnalysis } from './probe.types.ts';

export {
  probeProvenances,
  type ProbeProvenance,
  type FoundTrack,
  type VideoAnalysis,
  type NewProbeInput,
} from './probe.types.ts';

/** The probe rows the probe use cases read and write. */
export type ProbeStore = Pick<CaseRepository, 'insertProbe' | 'findProbe' | 'insertTrack' | 'tracksOf' | 'findTrack'>;

export interface ProbeServiceDeps {
  readonly db: Queryable;
  readonly uow: UnitOfWork;
  readonly repo: ProbeStore;
  readonly cases: Pick<CaseService, 'writableCase'>;
  readonly audit: AuditAppender;
  readonly clock: Clock;
  readonly media: Pick<MediaStore, 'put' | 'get' | 'delete'>;
  readonly engine: { analyse(bytes: Uint8Array, options: { embed: 'none' }): Promise<ImageAnalysis> };
  readonly analyseVideo: (bytes: Uint8Array) => Promise<VideoAnalysis>;
}

export class ProbeService {
  constructor(private readonly deps: ProbeServiceDeps) {}

  /** Adds an image probe; returns it with the faces found, so the investigator can choose one. */
  async addImageProbe(
    caseId: string,
    input: NewProbeInput,
    who: Accessor,
  ): Promise<{ probe: ProbeRow; analysis: ImageAnalysis }> {
    await this.deps.cases.writableCase(caseId, who);
    const analysis = await this.deps.engine.analyse(input.bytes, { embed: 'none' });
    const mediaId = await this.deps.media.put(input.bytes);
    const probe = this.probeRow(caseId, input, who.username, 'image', mediaId, analysis.width, analysis.height, null);
    try {
      await this.deps.uow.run(async (trx) => {
        await this.deps.repo.insertProbe(trx, probe);
        await this.added(trx, probe, who, {});
      });
    } catch (err) {
      await this.deps.media.delete(mediaId);
      throw err;
    }
    return { probe, analysis };
  }

  /** Adds a video probe: samples it, groups the faces by track and keeps each track's best frame. */
  async addVideoProbe(
    caseId: string,
    input: NewProbeInput,
    who: Accessor,
  ): Promise<{ probe: ProbeRow; tracks: ProbeTrackRow[]; warnings: readonly string[] }> {
    await this.deps.cases.writableCase(caseId, who);
    const { media } = this.deps;
    const video = await this.deps.analyseVideo(input.bytes);
    const written: string[] = [];
    try {
      const stored: { track: FoundTrack; frame: string; crop: string }[] = [];
      for (const track of video.tracks) {
        const frame = await media.put(track.best.frame);
        written.push(frame);
        const crop = await media.put(track.best.crop);
        written.push(crop);
        stored.push({ track, frame, crop });
      }
      const mediaId = await media.put(input.bytes);
      written.push(mediaId);
      const probe = this.probeRow(
        caseId,
        input,
        who.username,
        'video',
        mediaId,
        video.width,
        video.height,
        video.durationMs,
      );
      const tracks = stored.map(({ track, frame, crop }, i) => trackRow(probe.id, i + 1, track, frame, crop));
      await this.deps.uow.run(async (trx) => {
        await this.deps.repo.insertProbe(trx, probe);
        for (const t of tracks) await this.deps.repo.insertTrack(trx, t);
        await this.added(trx, probe, who, { tracks: tracks.length });
      });
      return { probe, tracks, warnings: video.warnings };
    } catch (err) {
      await Promise.all(written.map((m) => media.delete(m)));
      throw err;
    }
  }

  async probe(caseId: string, probeId: string): Promise<ProbeRow> {
    const probe = await this.deps.repo.findProbe(this.deps.db, probeId);
    if (!probe || probe.case_id !== caseId) {
      throw new DomainError('not-found', 'no-such-probe', `probe ${probeId} is not in case ${caseId}`);
    }
    return probe;
  }

  tracks(probeId: string): Promise<ProbeTrackRow[]> {
    return this.deps.repo.tracksOf(this.deps.db, probeId);
  }

  async track(probe: ProbeRow, trackId: string): Promise<ProbeTrackRow> {
    const track = await this.deps.repo.findTrack(this.deps.db, trackId);
    if (!track || track.probe_id !== probe.id) {
      throw new DomainError('not-found', 'no-such-track', `track ${trackId} is not in probe ${probe.id}`);
    }
    return track;
  }

  /** The probe's stored bytes: the image, or for a video the chosen track's best frame. */
  async probeImage(probe: ProbeRow, track?: ProbeTrackRow): Promise<Buffer> {
    if (probe.kind === 'video') {
      if (!track)
        throw new DomainError(
          'invalid',
          'track-required',
          'a video probe is searched by one of its tracks: give trackId',
        );
      return this.deps.media.get(track.frame_media_id);
    }
    if (track) throw new DomainError('invalid', 'not-a-video', 'trackId applies to video probes only');
    return this.deps.media.get(probe.media_id);
  }

  trackCrop(track: ProbeTrackRow): Promise<Buffer> {
    return this.deps.media.get(track.crop_media_id);
  }

  private async added(q: Queryable, probe: ProbeRow, who: Accessor, extra: { tracks?: number }): Promise<void> {
    await this.deps.audit.append(q, {
      actor: who.username,
      action: 'probe.added',
      target: { type: 'case', id: probe.case_id },
      details: {
        probeId: probe.id,
        kind: probe.kind,
        sha256: probe.sha256,
        provenance: probe.provenance,
        ...extra,
        ...channelDetails(who),
      },
    });
  }

  private probeRow(
    caseId: string,
    input: NewProbeInput,
    actor: string,
    kind: 'image' | 'video',
    mediaId: string,
    width: number,
    height: number,
    durationMs: number | null,
  ): ProbeRow {
    return {
      id: randomUUID(),
      case_id: caseId,
      kind,
      media_id: mediaId,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      filename: input.filename ?? null,
      provenance: input.provenance,
      description: input.description ?? null,
      width,
      height,
      duration_ms: durationMs === null ? null : Math.round(durationMs),
      uploaded_by: actor,
      created_at: this.deps.clock.nowIso(),
    };
  }
}

function trackRow(probeId: string, n: number, track: FoundTrack, frame: string, crop: string): ProbeTrackRow {
  return {
    id: randomUUID(),
    probe_id: probeId,
    track_no: n,
    first_ms: Math.round(track.firstMs),
    last_ms: Math.round(track.lastMs),
    frame_count: track.frameCount,
    best_frame_ms: Math.round(track.best.timestampMs),
    best_box_json: JSON.stringify(track.best.box),
    quality_json: JSON.stringify(track.best.quality),
    frame_media_id: frame,
    crop_media_id: crop,
  };
}

/**
 * The case workspace of retrospective search: a case (reference, offence type) holds its probes,
 * the images and videos that investigators search with. Probes are sealed at rest, stay in the
 * workspace under case retention, and no path leads from here into the reference gallery (R33).
 * A video probe is sampled and its faces grouped into tracks; each track's best frame is kept so
 * the investigator can pick whom to search (R37).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/database.ts';
import type { CaseRow, ProbeRow, ProbeTrackRow, SearchRow, VigilSchema } from '../db/schema.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import type { QualityResult } from '../faces/quality.ts';
import type { Box } from '../faces/types.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import { authorise, channelDetails, type Accessor } from '../governance/authorise.ts';
import { identityRepository } from '../governance/identity/identity.repository.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { caseRepository } from './case.repository.ts';
import { searchRepository } from './search.repository.ts';

export const probeProvenances = ['cctv', 'social-media', 'doorbell', 'dashcam', 'phone', 'other'] as const;
export type ProbeProvenance = (typeof probeProvenances)[number];

/** One face track of a video probe, as the video analysis returns it (pixels only for the best frame). */
export interface FoundTrack {
  readonly firstMs: number;
  readonly lastMs: number;
  readonly frameCount: number;
  readonly best: {
    readonly timestampMs: number;
    readonly box: Box;
    readonly quality: QualityResult;
    /** JPEG of the face region with a margin. */
    readonly crop: Uint8Array;
    /** JPEG of the whole frame, searched when this track is picked. */
    readonly frame: Uint8Array;
  };
}

export interface VideoAnalysis {
  readonly width: number;
  readonly height: number;
  readonly durationMs: number;
  readonly tracks: readonly FoundTrack[];
  /** Anything the investigator should know, e.g. that the file was truncated after some seconds. */
  readonly warnings: readonly string[];
}

export interface CaseServiceDeps {
  readonly db: Kysely<VigilSchema>;
  readonly media: MediaStore;
  readonly engine: { analyse(bytes: Uint8Array, options: { embed: 'none' }): Promise<ImageAnalysis> };
  readonly analyseVideo: (bytes: Uint8Array) => Promise<VideoAnalysis>;
  /** The configured closed list of offence types (R38 counts by it). */
  readonly offenceTypes: readonly string[];
}

/** Who is asking, for record-level checks: a case is worked on by the investigator who opened it and its members. */
export type { Accessor } from '../governance/authorise.ts';

/** Roles that oversee every case (R38 supervision, audit). */
const overseers = ['rfr-supervisor', 'auditor'];

export interface NewCaseInput {
  readonly reference: string;
  readonly offenceType: string;
  readonly title: string;
  readonly authorisationRef?: string | undefined;
}

export interface NewProbeInput {
  readonly bytes: Uint8Array;
  readonly filename?: string | undefined;
  readonly provenance: ProbeProvenance;
  readonly description?: string | undefined;
}

export interface CaseWorkspace {
  readonly case: CaseRow;
  readonly probes: readonly ProbeRow[];
  readonly searches: readonly SearchRow[];
}

export class CaseService {
  constructor(private readonly deps: CaseServiceDeps) {}

  /** Opens a case as `who` (cases:write, R30), who becomes its investigator. */
  async createCase(input: NewCaseInput, who: Accessor): Promise<CaseRow> {
    await authorise(this.deps.db, who, 'cases:write');
    const actor = who.username;
    this.checkOffence(input.offenceType);
    if (await caseRepository.findCaseByReference(this.deps.db, input.reference)) {
      throw new DomainError('conflict', 'case-exists', `case ${input.reference} already exists`);
    }
    const row: CaseRow = {
      id: randomUUID(),
      reference: input.reference,
      offence_type: input.offenceType,
      title: input.title,
      authorisation_ref: input.authorisationRef ?? null,
      status: 'open',
      created_by: actor,
      created_at: nowIso(),
    };
    await this.deps.db.transaction().execute(async (trx) => {
      await caseRepository.insertCase(trx, row);
      await appendAudit(trx, {
        actor,
        action: 'case.created',
        target: { type: 'case', id: row.id },
        details: {
          reference: row.reference,
          offenceType: row.offence_type,
          authorisationRef: row.authorisation_ref,
          ...channelDetails(who),
        },
      });
    });
    return row;
  }

  async case(id: string): Promise<CaseRow> {
    const row = await caseRepository.findCase(this.deps.db, id);
    if (!row) throw new DomainError('not-found', 'no-such-case', `case ${id} does not exist`);
    return row;
  }

  /** Whether `who` may work on (or oversee) this case. */
  async mayAccess(c: CaseRow, who: Accessor): Promise<boolean> {
    if (who.roles.some((r) => overseers.includes(r))) return true;
    if (c.created_by === who.username) return true;
    return caseRepository.isMember(this.deps.db, c.id, who.username);
  }

  /** The case, if `who` may work on it; refused (and audited) otherwise (R30). */
  async accessibleCase(caseId: string, who: Accessor): Promise<CaseRow> {
    const c = await this.case(caseId);
    if (!(await this.mayAccess(c, who))) {
      await appendAudit(this.deps.db, {
        actor: who.username,
        action: 'case.access-denied',
        outcome: 'denied',
        target: { type: 'case', id: c.id },
      });
      throw new DomainError(
        'forbidden',
        'not-your-case',
        `case ${c.reference} is not one of yours; ask its investigator to add you`,
      );
    }
    return c;
  }

  /** Lets an existing, enabled user work on the case (cases:write and access to the case). */
  async addMember(caseId: string, username: string, who: Accessor): Promise<string[]> {
    await authorise(this.deps.db, who, 'cases:write', { type: 'case', id: caseId });
    const c = await this.accessibleCase(caseId, who);
    const user = await identityRepository.findUserByUsername(this.deps.db, username);
    if (!user) throw new DomainError('not-found', 'no-such-user', `there is no user ${username}`);
    if (user.disabled) throw new DomainError('refused', 'user-disabled', `user ${username} is disabled`);
    if (!(await caseRepository.isMember(this.deps.db, c.id, username)) && c.created_by !== username) {
      await this.deps.db.transaction().execute(async (trx) => {
        await caseRepository.addMember(trx, c.id, username, who.username, nowIso());
        await appendAudit(trx, {
          actor: who.username,
          action: 'case.member-added',
          target: { type: 'case', id: c.id },
          details: { username },
        });
      });
    }
    return caseRepository.membersOf(this.deps.db, c.id);
  }

  /** Records the authorisation reference of a case (R32). */
  async setAuthorisationRef(caseId: string, ref: string, actor: string): Promise<CaseRow> {
    const c = await this.case(caseId);
    await this.deps.db.transaction().execute(async (trx) => {
      await caseRepository.setAuthorisationRef(trx, c.id, ref);
      await appendAudit(trx, {
        actor,
        action: 'case.authorisation-recorded',
        target: { type: 'case', id: c.id },
        details: { authorisationRef: ref },
      });
    });
    return this.case(caseId);
  }

  members(caseId: string): Promise<string[]> {
    return caseRepository.membersOf(this.deps.db, caseId);
  }

  caseByReference(reference: string): Promise<CaseRow | undefined> {
    return caseRepository.findCaseByReference(this.deps.db, reference);
  }

  async workspace(id: string): Promise<CaseWorkspace> {
    const c = await this.case(id);
    const [probes, searches] = await Promise.all([
      caseRepository.probesOf(this.deps.db, id),
      searchRepository.searchesOf(this.deps.db, id),
    ]);
    return { case: c, probes, searches };
  }

  /** Cases `who` may see: overseers see all, others their own and those they are members of. */
  listCases(o: { limit: number; offset: number; createdBy?: string | undefined }, who?: Accessor): Promise<CaseRow[]> {
    const all = !who || who.roles.some((r) => overseers.includes(r));
    return caseRepository.listCases(this.deps.db, { ...o, ...(all ? {} : { visibleTo: who.username }) });
  }

  /** Adds an image probe; returns it with the faces found, so the investigator can choose one. */
  async addImageProbe(
    caseId: string,
    input: NewProbeInput,
    who: Accessor,
  ): Promise<{ probe: ProbeRow; analysis: ImageAnalysis }> {
    await this.writableCase(caseId, who);
    const analysis = await this.deps.engine.analyse(input.bytes, { embed: 'none' });
    const probe = await this.storeProbe(caseId, input, who, 'image', analysis.width, analysis.height, null);
    return { probe, analysis };
  }

  /** Adds a video probe: samples it, groups the faces by track and keeps each track's best frame. */
  async addVideoProbe(
    caseId: string,
    input: NewProbeInput,
    who: Accessor,
  ): Promise<{ probe: ProbeRow; tracks: ProbeTrackRow[]; warnings: readonly string[] }> {
    await this.writableCase(caseId, who);
    const actor = who.username;
    const video = await this.deps.analyseVideo(input.bytes);
    const written: string[] = [];
    try {
      const stored: { track: FoundTrack; frame: string; crop: string }[] = [];
      for (const track of video.tracks) {
        const frame = await this.deps.media.put(track.best.frame);
        written.push(frame);
        const crop = await this.deps.media.put(track.best.crop);
        written.push(crop);
        stored.push({ track, frame, crop });
      }
      const mediaId = await this.deps.media.put(input.bytes);
      written.push(mediaId);
      const probe = this.probeRow(caseId, input, actor, 'video', mediaId, video.width, video.height, video.durationMs);
      const tracks = stored.map(({ track, frame, crop }, i): ProbeTrackRow => ({
        id: randomUUID(),
        probe_id: probe.id,
        track_no: i + 1,
        first_ms: Math.round(track.firstMs),
        last_ms: Math.round(track.lastMs),
        frame_count: track.frameCount,
        best_frame_ms: Math.round(track.best.timestampMs),
        best_box_json: JSON.stringify(track.best.box),
        quality_json: JSON.stringify(track.best.quality),
        frame_media_id: frame,
        crop_media_id: crop,
      }));
      await this.deps.db.transaction().execute(async (trx) => {
        await caseRepository.insertProbe(trx, probe);
        for (const t of tracks) await caseRepository.insertTrack(trx, t);
        await appendAudit(trx, {
          actor,
          action: 'probe.added',
          target: { type: 'case', id: caseId },
          details: {
            probeId: probe.id,
            kind: 'video',
            sha256: probe.sha256,
            provenance: probe.provenance,
            tracks: tracks.length,
            ...channelDetails(who),
          },
        });
      });
      return { probe, tracks, warnings: video.warnings };
    } catch (err) {
      await Promise.all(written.map((m) => this.deps.media.delete(m)));
      throw err;
    }
  }

  async probe(caseId: string, probeId: string): Promise<ProbeRow> {
    const probe = await caseRepository.findProbe(this.deps.db, probeId);
    if (!probe || probe.case_id !== caseId) {
      throw new DomainError('not-found', 'no-such-probe', `probe ${probeId} is not in case ${caseId}`);
    }
    return probe;
  }

  tracks(probeId: string): Promise<ProbeTrackRow[]> {
    return caseRepository.tracksOf(this.deps.db, probeId);
  }

  async track(probe: ProbeRow, trackId: string): Promise<ProbeTrackRow> {
    const track = await caseRepository.findTrack(this.deps.db, trackId);
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

  /** The case, open, if `who` may add to it: cases:write and record-level access (R30). */
  async writableCase(caseId: string, who: Accessor): Promise<CaseRow> {
    await authorise(this.deps.db, who, 'cases:write', { type: 'case', id: caseId });
    await this.accessibleCase(caseId, who);
    return this.openCase(caseId);
  }

  async openCase(caseId: string): Promise<CaseRow> {
    const c = await this.case(caseId);
    if (c.status !== 'open') throw new DomainError('refused', 'case-closed', `case ${c.reference} is closed`);
    return c;
  }

  checkOffence(offenceType: string): void {
    if (!this.deps.offenceTypes.includes(offenceType)) {
      throw new DomainError(
        'invalid',
        'unknown-offence-type',
        `offence type "${offenceType}" is not in the configured list`,
        {
          offenceTypes: [...this.deps.offenceTypes],
        },
      );
    }
  }

  private async storeProbe(
    caseId: string,
    input: NewProbeInput,
    who: Accessor,
    kind: 'image' | 'video',
    width: number,
    height: number,
    durationMs: number | null,
  ): Promise<ProbeRow> {
    const actor = who.username;
    const mediaId = await this.deps.media.put(input.bytes);
    const probe = this.probeRow(caseId, input, actor, kind, mediaId, width, height, durationMs);
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        await caseRepository.insertProbe(trx, probe);
        await appendAudit(trx, {
          actor,
          action: 'probe.added',
          target: { type: 'case', id: caseId },
          details: {
            probeId: probe.id,
            kind,
            sha256: probe.sha256,
            provenance: probe.provenance,
            ...channelDetails(who),
          },
        });
      });
    } catch (err) {
      await this.deps.media.delete(mediaId);
      throw err;
    }
    return probe;
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
      created_at: nowIso(),
    };
  }
}

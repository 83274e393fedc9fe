/**
 * Retrospective search (R31-R38). A search names its case, offence type, justification, probe
 * provenance and legal basis (R31); the probe is enhanced server-side by a recorded chain (R36),
 * its template made in memory and never stored or enrolled (R33); the answer is a ranked list of
 * N candidates with scores, cut at the policy minimum when one is set, and labelled as leads, not
 * identifications (R34). The review of the candidates is in search-review.service.ts (R35, R38).
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { SearchRow } from '../db/schema.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import { chooseFace } from '../faces/face-choice.ts';
import type { ResolvedThreshold } from '../faces/thresholds.ts';
import type { GalleryReads } from '../gallery/gallery.ports.ts';
import type { VectorIndex } from '../gallery/vector-index.ts';
import type { AuditAppender } from '../governance/audit/audit-port.ts';
import { channelDetails, type Accessor } from '../governance/authorise.ts';
import type { Clock } from '../shared/clock.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { CaseService } from './case.service.ts';
import type { ProbeService } from './probe.service.ts';
import type { Authorise } from './retro.ports.ts';
import {
  checkAuthorisationDue,
  checkSearchTerms,
  leadsNotice,
  rankCandidates,
  type Candidate,
  type SearchPolicy,
} from './search-rules.ts';
import type { SearchRepository } from './search.repository.ts';
import { trackFaceIndex } from './track-face.ts';

export { leadsNotice, MIN_JUSTIFICATION, type Candidate, type SearchPolicy } from './search-rules.ts';

/** An enhancement chain as stored and replayed: opaque here, applied by the injected `enhance`. */
export type EnhancementChain = readonly unknown[];

export interface SearchServiceDeps {
  readonly db: Queryable;
  readonly uow: UnitOfWork;
  readonly repo: Pick<SearchRepository, 'insertSearch' | 'findSearch' | 'candidatesOf' | 'firstSearchAt'>;
  readonly cases: Pick<CaseService, 'accessibleCase' | 'openCase' | 'checkOffence'>;
  readonly probes: Pick<ProbeService, 'probe' | 'track' | 'probeImage'>;
  /** The gallery's read port: who owns a template, subjects' names (issue 16). */
  readonly gallery: Pick<GalleryReads, 'templateOwners' | 'displayNames'>;
  readonly audit: AuditAppender;
  readonly authorise: Authorise;
  readonly clock: Clock;
  readonly engine: { analyse(bytes: Uint8Array, options: { embed: 'all' }): Promise<ImageAnalysis> };
  readonly index: VectorIndex;
  readonly threshold: (modelId: string) => ResolvedThreshold;
  /** Applies a validated enhancement chain to image bytes, deterministically (R36). */
  readonly enhance: (bytes: Uint8Array, chain: EnhancementChain) => Promise<Uint8Array>;
  readonly policy: SearchPolicy;
}

export interface SearchRequest {
  readonly caseId: string;
  readonly probeId: string;
  /** For a video probe: which track to search. */
  readonly trackId?: string | undefined;
  /**
   * Which face of the (enhanced) image, when it shows several (0 = largest). With a track, the
   * track's own face is searched: a different index is refused (issue 13); an index is used only
   * where the track's face cannot be found in the enhanced frame (e.g. after a crop or rotation).
   */
  readonly faceIndex?: number | undefined;
  readonly enhancements: EnhancementChain;
  /** Defaults to the case's offence type. */
  readonly offenceType?: string | undefined;
  readonly justification: string;
  readonly legalBasis: string;
  readonly maxCandidates?: number | undefined;
  /** A minimum score for this search; it can raise the configured policy minimum, not lower it. */
  readonly minScore?: number | undefined;
}

export interface SearchResult {
  readonly search: SearchRow;
  readonly candidates: readonly Candidate[];
  readonly notice: string;
}

export class SearchService {
  constructor(private readonly deps: SearchServiceDeps) {}

  /**
   * Refuses (and records) a search by `who` unless they hold search:run and may work on the case
   * (R30). `search` checks it itself; a caller may check first, before it stores a probe.
   */
  async authoriseSearch(who: Accessor, caseId?: string): Promise<void> {
    await this.deps.authorise(who, 'search:run', caseId ? { type: 'case', id: caseId } : undefined);
    if (caseId) await this.deps.cases.accessibleCase(caseId, who);
  }

  /** Runs a search as `who`: search:run and record-level access to the case, checked here (R30). */
  async search(req: SearchRequest, who: Accessor): Promise<SearchResult> {
    const { cases, probes, policy } = this.deps;
    await this.authoriseSearch(who, req.caseId);
    const actor = who.username;
    const c = await cases.openCase(req.caseId);
    const firstAt = await this.deps.repo.firstSearchAt(this.deps.db, c.id);
    checkAuthorisationDue(firstAt, c.authorisation_ref, policy.authorisationWithinHours ?? 0, this.deps.clock.now());
    const offenceType = req.offenceType ?? c.offence_type;
    cases.checkOffence(offenceType);
    const { n, minScore } = checkSearchTerms(req, policy);

    const probe = await probes.probe(req.caseId, req.probeId);
    const track = req.trackId ? await probes.track(probe, req.trackId) : undefined;
    const original = await probes.probeImage(probe, track);
    const enhanced = req.enhancements.length > 0 ? await this.deps.enhance(original, req.enhancements) : original;
    const analysis = await this.deps.engine.analyse(enhanced, { embed: 'all' });
    const located = track ? trackFaceIndex(analysis.faces, track) : undefined;
    if (located !== undefined && req.faceIndex !== undefined && req.faceIndex !== located) {
      throw new DomainError(
        'invalid',
        'face-not-in-track',
        `face ${req.faceIndex + 1} of this frame is not track ${track?.track_no}'s face (that is face ${located + 1}); pick the track of the person to search`,
        { trackFaceIndex: located },
      );
    }
    const chosen = chooseFace('the probe', analysis, located ?? req.faceIndex, 'faceIndex');
    const modelId = this.deps.index.modelId;
    if (chosen.template.modelId !== modelId) {
      throw new Error(`the engine made a ${chosen.template.modelId} template; the gallery index is for ${modelId}`);
    }
    const threshold = this.deps.threshold(modelId);

    // Over-fetch a little: a key whose subject was deleted a moment ago is dropped below.
    const hits = this.deps.index.search(chosen.template.vector, n + 8);
    const owners = await this.deps.gallery.templateOwners(hits.map((h) => h.key));
    const searchId = randomUUID();
    const candidates = rankCandidates(hits, owners, { searchId, n, minScore });
    const search: SearchRow = {
      id: searchId,
      case_id: c.id,
      probe_id: probe.id,
      track_id: track?.id ?? null,
      face_index: chosen.index,
      enhancements_json: JSON.stringify(req.enhancements),
      offence_type: offenceType,
      justification: req.justification.trim(),
      provenance: probe.provenance,
      legal_basis: req.legalBasis.trim(),
      model_id: modelId,
      max_candidates: n,
      policy_min_score: minScore > -1 ? minScore : null,
      threshold_in_force: threshold.threshold,
      candidate_count: candidates.length,
      requested_by: actor,
      created_at: this.deps.clock.nowIso(),
      supervisor_review_by: null,
      supervisor_review_at: null,
      supervisor_review_note: null,
      face_box_json: JSON.stringify({
        ...chosen.face.box,
        imageWidth: analysis.width,
        imageHeight: analysis.height,
        quality: { passed: chosen.face.quality.passed, reasons: [...chosen.face.quality.reasons] },
      }),
    };
    await this.deps.uow.run(async (trx) => {
      await this.deps.repo.insertSearch(
        trx,
        search,
        candidates.map(({ display_name: _, ...row }) => row),
      );
      // R29: the use, its matching input (the probe, by hash) and the reference data searched.
      await this.deps.audit.append(trx, {
        actor,
        action: 'search.run',
        target: { type: 'search', id: searchId },
        details: {
          caseId: c.id,
          caseReference: c.reference,
          offenceType,
          justification: search.justification,
          legalBasis: search.legal_basis,
          probe: { id: probe.id, sha256: probe.sha256, provenance: probe.provenance, trackId: track?.id ?? null },
          enhancements: req.enhancements as unknown[],
          gallery: { modelId, templates: this.deps.index.size },
          thresholdInForce: threshold.threshold,
          maxCandidates: n,
          minScore: search.policy_min_score,
          candidates: candidates.map((x) => x.subject_id),
          ...channelDetails(who),
        },
      });
    });
    return { search, candidates, notice: leadsNotice };
  }

  /** The probe as a search would see it after `enhancements`, with the faces found in it (R36). */
  async preview(
    caseId: string,
    probeId: string,
    trackId: string | undefined,
    enhancements: EnhancementChain,
  ): Promise<{ image: Uint8Array; analysis: ImageAnalysis; trackFace: number | undefined }> {
    const probe = await this.deps.probes.probe(caseId, probeId);
    const track = trackId ? await this.deps.probes.track(probe, trackId) : undefined;
    const original = await this.deps.probes.probeImage(probe, track);
    const image = enhancements.length > 0 ? await this.deps.enhance(original, enhancements) : original;
    const analysis = await this.deps.engine.analyse(image, { embed: 'all' });
    return { image, analysis, trackFace: track ? trackFaceIndex(analysis.faces, track) : undefined };
  }

  /** The searched image of a search, re-made from its probe and recorded chain (R36). */
  async searchedImage(search: SearchRow): Promise<Uint8Array> {
    const probe = await this.deps.probes.probe(search.case_id, search.probe_id);
    const track = search.track_id ? await this.deps.probes.track(probe, search.track_id) : undefined;
    const original = await this.deps.probes.probeImage(probe, track);
    const chain = JSON.parse(search.enhancements_json) as EnhancementChain;
    return chain.length > 0 ? this.deps.enhance(original, chain) : original;
  }

  /** The case a search belongs to (for record-level access checks). */
  async caseIdOf(searchId: string): Promise<string> {
    return (await this.find(searchId)).case_id;
  }

  async result(searchId: string): Promise<SearchResult> {
    const search = await this.find(searchId);
    const rows = await this.deps.repo.candidatesOf(this.deps.db, searchId);
    const subjects = await this.deps.gallery.displayNames(rows.map((r) => r.subject_id));
    // A subject deleted since the search keeps its row (the record of what was shown) without a name.
    const candidates = rows.map((r) => ({ ...r, display_name: subjects.get(r.subject_id) ?? null }));
    return { search, candidates, notice: leadsNotice };
  }

  /** A search row, or not-found. */
  async find(searchId: string): Promise<SearchRow> {
    const s = await this.deps.repo.findSearch(this.deps.db, searchId);
    if (!s) throw new DomainError('not-found', 'no-such-search', `search ${searchId} does not exist`);
    return s;
  }
}

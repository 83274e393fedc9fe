/**
 * Retrospective search (R31-R38). A search names its case, offence type, justification, probe
 * provenance and legal basis (R31); the probe is enhanced server-side by a recorded chain (R36),
 * its template made in memory and never stored or enrolled (R33); the answer is a ranked list of
 * N candidates with scores, cut at the policy minimum when one is set, and labelled as leads, not
 * identifications (R34). The review of the candidates is in search-review.service.ts (R35, R38).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/database.ts';
import type { SearchCandidateRow, SearchRow, VigilSchema } from '../db/schema.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import { chooseFace } from '../faces/face-choice.ts';
import type { ResolvedThreshold } from '../faces/thresholds.ts';
import { galleryRepository } from '../gallery/gallery.repository.ts';
import type { VectorIndex } from '../gallery/vector-index.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import { authorise, channelDetails, type Accessor } from '../governance/authorise.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { CaseService } from './case.service.ts';
import { searchRepository } from './search.repository.ts';
import { trackFaceIndex } from './track-face.ts';

export const leadsNotice =
  'These candidates are investigative leads, not identifications. A score says how alike two images are, ' +
  'not who the person is: every candidate must be reviewed by a trained examiner and then the investigating ' +
  'officer, and corroborated by other evidence before any action is taken.';

/** An enhancement chain as stored and replayed: opaque here, applied by the injected `enhance`. */
export type EnhancementChain = readonly unknown[];

export interface SearchServiceDeps {
  readonly db: Kysely<VigilSchema>;
  readonly cases: CaseService;
  readonly engine: { analyse(bytes: Uint8Array, options: { embed: 'all' }): Promise<ImageAnalysis> };
  readonly index: VectorIndex;
  readonly threshold: (modelId: string) => ResolvedThreshold;
  /** Applies a validated enhancement chain to image bytes, deterministically (R36). */
  readonly enhance: (bytes: Uint8Array, chain: EnhancementChain) => Promise<Uint8Array>;
  readonly policy: {
    readonly defaultCandidates: number;
    readonly maxCandidates: number;
    readonly minScore?: number | undefined;
    /** R32 [EU]: hours after a case's first search by which its authorisation reference is due; 0: no rule. */
    readonly authorisationWithinHours?: number | undefined;
  };
  readonly now?: () => Date;
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

export interface Candidate extends SearchCandidateRow {
  readonly display_name: string | null;
}

export interface SearchResult {
  readonly search: SearchRow;
  readonly candidates: readonly Candidate[];
  readonly notice: string;
}

export const MIN_JUSTIFICATION = 20;

export class SearchService {
  constructor(private readonly deps: SearchServiceDeps) {}

  /**
   * Refuses (and records) a search by `who` unless they hold search:run and may work on the case
   * (R30). `search` checks it itself; a caller may check first, before it stores a probe.
   */
  async authoriseSearch(who: Accessor, caseId?: string): Promise<void> {
    await authorise(this.deps.db, who, 'search:run', caseId ? { type: 'case', id: caseId } : undefined);
    if (caseId) await this.deps.cases.accessibleCase(caseId, who);
  }

  /** Runs a search as `who`: search:run and record-level access to the case, checked here (R30). */
  async search(req: SearchRequest, who: Accessor): Promise<SearchResult> {
    const { cases, policy } = this.deps;
    await this.authoriseSearch(who, req.caseId);
    const actor = who.username;
    const c = await cases.openCase(req.caseId);
    await this.checkAuthorisationDue(c.id, c.authorisation_ref);
    const offenceType = req.offenceType ?? c.offence_type;
    cases.checkOffence(offenceType);
    if (req.justification.trim().length < MIN_JUSTIFICATION) {
      throw new DomainError(
        'invalid',
        'justification-required',
        `a search needs a justification of at least ${MIN_JUSTIFICATION} characters (R31)`,
      );
    }
    if (req.legalBasis.trim() === '')
      throw new DomainError('invalid', 'legal-basis-required', 'a search needs its legal basis (R31)');
    const n = req.maxCandidates ?? policy.defaultCandidates;
    if (!Number.isInteger(n) || n < 1 || n > policy.maxCandidates) {
      throw new DomainError(
        'invalid',
        'bad-candidate-count',
        `maxCandidates must be from 1 to ${policy.maxCandidates}`,
      );
    }
    const minScore = Math.max(policy.minScore ?? -1, req.minScore ?? -1);

    const probe = await cases.probe(req.caseId, req.probeId);
    const track = req.trackId ? await cases.track(probe, req.trackId) : undefined;
    const original = await cases.probeImage(probe, track);
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
    const owners = await galleryRepository.templateOwners(
      this.deps.db,
      hits.map((h) => h.key),
    );
    const searchId = randomUUID();
    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    for (const hit of hits) {
      const owner = owners.get(hit.key);
      // One entry per subject (their best image), ranked by score, at or above the policy minimum.
      if (!owner || seen.has(owner.subjectId) || hit.score < minScore) continue;
      seen.add(owner.subjectId);
      candidates.push({
        search_id: searchId,
        rank: candidates.length + 1,
        subject_id: owner.subjectId,
        subject_reference: owner.reference,
        display_name: owner.displayName,
        image_id: owner.imageId,
        score: hit.score,
        examiner_decision: null,
        examiner_by: null,
        examiner_at: null,
        examiner_note: null,
        officer_decision: null,
        officer_by: null,
        officer_at: null,
        officer_note: null,
      });
      if (candidates.length === n) break;
    }
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
      created_at: nowIso(),
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
    await this.deps.db.transaction().execute(async (trx) => {
      await searchRepository.insertSearch(
        trx,
        search,
        candidates.map(({ display_name: _, ...row }) => row),
      );
      // R29: the use, its matching input (the probe, by hash) and the reference data searched.
      await appendAudit(trx, {
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

  /** R32 [EU]: without an authorisation reference, searching stops once the grace period after the first search ends. */
  private async checkAuthorisationDue(caseId: string, authorisationRef: string | null): Promise<void> {
    const hours = this.deps.policy.authorisationWithinHours ?? 0;
    if (hours <= 0 || authorisationRef) return;
    const first = await this.deps.db
      .selectFrom('searches')
      .select('created_at')
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
    if (!first) return;
    const due = Date.parse(first.created_at) + hours * 3_600_000;
    if ((this.deps.now?.() ?? new Date()).getTime() > due) {
      throw new DomainError(
        'refused',
        'authorisation-overdue',
        `R32: this case was first searched on ${first.created_at} and has no authorisation reference ${hours} hours later; record it before searching again`,
      );
    }
  }

  /** The probe as a search would see it after `enhancements`, with the faces found in it (R36). */
  async preview(
    caseId: string,
    probeId: string,
    trackId: string | undefined,
    enhancements: EnhancementChain,
  ): Promise<{ image: Uint8Array; analysis: ImageAnalysis; trackFace: number | undefined }> {
    const probe = await this.deps.cases.probe(caseId, probeId);
    const track = trackId ? await this.deps.cases.track(probe, trackId) : undefined;
    const original = await this.deps.cases.probeImage(probe, track);
    const image = enhancements.length > 0 ? await this.deps.enhance(original, enhancements) : original;
    const analysis = await this.deps.engine.analyse(image, { embed: 'all' });
    return { image, analysis, trackFace: track ? trackFaceIndex(analysis.faces, track) : undefined };
  }

  /** The searched image of a search, re-made from its probe and recorded chain (R36). */
  async searchedImage(search: SearchRow): Promise<Uint8Array> {
    const probe = await this.deps.cases.probe(search.case_id, search.probe_id);
    const track = search.track_id ? await this.deps.cases.track(probe, search.track_id) : undefined;
    const original = await this.deps.cases.probeImage(probe, track);
    const chain = JSON.parse(search.enhancements_json) as EnhancementChain;
    return chain.length > 0 ? this.deps.enhance(original, chain) : original;
  }

  /** The case a search belongs to (for record-level access checks). */
  async caseIdOf(searchId: string): Promise<string> {
    return (await this.find(searchId)).case_id;
  }

  async result(searchId: string): Promise<SearchResult> {
    const search = await this.find(searchId);
    const rows = await searchRepository.candidatesOf(this.deps.db, searchId);
    const subjects = await galleryRepository.displayNames(
      this.deps.db,
      rows.map((r) => r.subject_id),
    );
    // A subject deleted since the search keeps its row (the record of what was shown) without a name.
    const candidates = rows.map((r) => ({ ...r, display_name: subjects.get(r.subject_id) ?? null }));
    return { search, candidates, notice: leadsNotice };
  }

  /** A search row, or not-found. */
  async find(searchId: string): Promise<SearchRow> {
    const s = await searchRepository.findSearch(this.deps.db, searchId);
    if (!s) throw new DomainError('not-found', 'no-such-search', `search ${searchId} does not exist`);
    return s;
  }
}

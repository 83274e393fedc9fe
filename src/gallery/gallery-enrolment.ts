/**
 * Enrolment into the reference gallery (R15). An image is analysed before anything is written;
 * one failing the quality gates is refused with its reasons, and one refused image refuses the
 * request. A new template is compared with the gallery first: other subjects at or above the
 * duplicate threshold are flagged as possible duplicates. Images and templates are sealed at
 * rest; the index learns the new templates once they are committed. An image whose import key
 * is already enrolled is skipped (bulk import's idempotency).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ReferenceImageRow, SubjectRow } from '../db/schema.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import { chooseFace } from '../faces/face-choice.ts';
import type { QualityResult } from '../faces/quality.ts';
import { channelDetails, type Accessor } from '../governance/authorise.ts';
import { DomainError } from '../shared/domain-error.ts';
import { templateContext } from './gallery-index.ts';
import type { Queryable } from '../db/database.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import type { ResolvedThreshold } from '../faces/thresholds.ts';
import type { AuditAppender } from '../governance/audit/audit-port.ts';
import type { Clock } from '../shared/clock.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import type { MediaStore } from '../storage/media-store.ts';
import type { GalleryAnalyser } from './gallery.ports.ts';
import type { GalleryRepository, TemplateOwner } from './gallery.repository.ts';
import { isUniqueViolation } from './unique-violation.ts';
import type { VectorIndex } from './vector-index.ts';

export interface EnrolmentDeps {
  /** Where reads go (the database); writes go through `uow`. */
  readonly db: Queryable;
  readonly uow: UnitOfWork;
  readonly repo: Pick<
    GalleryRepository,
    'insertSubject' | 'insertImage' | 'findImageByImportKey' | 'insertTemplate' | 'templateOwners'
  >;
  readonly audit: AuditAppender;
  readonly clock: Clock;
  readonly engine: GalleryAnalyser;
  readonly media: Pick<MediaStore, 'put' | 'delete'>;
  readonly cipher: Pick<ByteCipher, 'sealVector'>;
  /** The index of the model that makes new templates. */
  readonly index: VectorIndex;
  /** Called after each change to the index (to schedule a save). */
  readonly onIndexChanged?: () => void;
  /** The match threshold in force for a model (throws when there is none). */
  readonly threshold: (modelId: string) => ResolvedThreshold;
  /**
   * The score at which another subject is flagged as a possible duplicate. Default: the match
   * threshold. A gallery of N subjects flags about N x FMR false duplicates per enrolment, so large
   * galleries want the strictest calibrated point.
   */
  readonly duplicateThreshold?: (modelId: string) => number;
}

export interface ReferenceImageInput {
  readonly bytes: Uint8Array;
  /** Where the image came from, e.g. "custody suite, Charing Cross". */
  readonly source: string;
  readonly legalBasis: string;
  /** ISO date the photograph was taken, when known. */
  readonly captureDate?: string | undefined;
  /** Why it is being added. */
  readonly reason: string;
  /** Which face, when the image shows several (0 = largest). */
  readonly faceIndex?: number | undefined;
  /** Bulk import's idempotency key: an image already enrolled under it is not enrolled again. */
  readonly importKey?: string | undefined;
}

export interface NewSubjectInput {
  readonly reference: string;
  readonly displayName: string;
  readonly category?: string | undefined;
  readonly dateOfBirth?: string | undefined;
  readonly images: readonly ReferenceImageInput[];
}

export interface PossibleDuplicate {
  readonly subjectId: string;
  readonly reference: string;
  readonly score: number;
}

export interface EnrolmentResult {
  readonly subject: SubjectRow;
  readonly images: readonly ReferenceImageRow[];
  /** Other subjects whose templates reach the match threshold: a person should check before relying on either. */
  readonly possibleDuplicates: readonly PossibleDuplicate[];
  readonly threshold: number;
  /** Images skipped because their import key was already enrolled. */
  readonly alreadyEnrolled: number;
}

interface AnalysedImage {
  readonly input: ReferenceImageInput;
  readonly analysis: ImageAnalysis;
  readonly quality: QualityResult;
  readonly vector: Float32Array;
  readonly modelId: string;
}

/**
 * The possible duplicates among index hits (`best`: template key -> best score at or above the
 * threshold): one entry per other subject, its best score, highest first. The subject being
 * enrolled, and keys whose subject is gone, are left out.
 */
export function duplicatesAmong(
  best: ReadonlyMap<number, number>,
  owners: ReadonlyMap<number, Pick<TemplateOwner, 'subjectId' | 'reference'>>,
  subjectId: string,
): PossibleDuplicate[] {
  const bySubject = new Map<string, PossibleDuplicate>();
  for (const [key, score] of best) {
    const owner = owners.get(key);
    if (!owner || owner.subjectId === subjectId) continue;
    const seen = bySubject.get(owner.subjectId);
    if (!seen || seen.score < score) {
      bySubject.set(owner.subjectId, { subjectId: owner.subjectId, reference: owner.reference, score });
    }
  }
  return [...bySubject.values()].sort((a, b) => b.score - a.score);
}

export class GalleryEnrolment {
  constructor(private readonly deps: EnrolmentDeps) {}

  private get modelId(): string {
    return this.deps.index.modelId;
  }

  /** Enrols `inputs` for `subject` (inserted first when `isNew`), as `who`; authorisation is the caller's. */
  async enrol(
    subject: SubjectRow,
    inputs: readonly ReferenceImageInput[],
    who: Accessor,
    isNew: boolean,
  ): Promise<EnrolmentResult> {
    const { repo, db, media } = this.deps;
    const threshold = this.deps.threshold(this.modelId);
    const pending: ReferenceImageInput[] = [];
    for (const input of inputs) {
      if (input.importKey && (await repo.findImageByImportKey(db, input.importKey))) continue;
      pending.push(input);
    }
    // Analyse everything before writing anything: one refused image refuses the request.
    const analysed: AnalysedImage[] = [];
    for (const [i, input] of pending.entries()) analysed.push(await this.analyse(input, i, inputs.length));

    const duplicateAt = this.deps.duplicateThreshold?.(this.modelId) ?? threshold.threshold;
    const possibleDuplicates = await this.duplicates(analysed, subject.id, duplicateAt);
    const mediaIds: string[] = [];
    const images: ReferenceImageRow[] = [];
    const keys: { key: number; vector: Float32Array }[] = [];
    try {
      for (const a of analysed) mediaIds.push(await media.put(a.input.bytes));
      await this.deps.uow.run(async (trx) => {
        if (isNew) await repo.insertSubject(trx, subject);
        for (const [i, a] of analysed.entries()) {
          const now = this.deps.clock.nowIso();
          const image = imageRow(subject.id, mediaIds[i] as string, a, who.username, now);
          await repo.insertImage(trx, image);
          const key = await repo.insertTemplate(trx, {
            imageId: image.id,
            subjectId: subject.id,
            modelId: a.modelId,
            vectorSealed: this.deps.cipher.sealVector(a.vector, templateContext(a.modelId)),
            createdAt: now,
          });
          images.push(image);
          keys.push({ key, vector: a.vector });
        }
        await this.deps.audit.append(trx, {
          actor: who.username,
          action: isNew ? 'gallery.subject-created' : 'gallery.images-added',
          target: { type: 'subject', id: subject.id },
          details: {
            reference: subject.reference,
            images: images.map((i) => ({ id: i.id, source: i.source, legalBasis: i.legal_basis, reason: i.reason })),
            modelId: this.modelId,
            possibleDuplicates: possibleDuplicates.map((d) => d.subjectId),
            ...channelDetails(who),
          },
        });
      });
    } catch (err) {
      await Promise.all(mediaIds.map((m) => media.delete(m)));
      if (isUniqueViolation(err)) {
        throw new DomainError(
          'conflict',
          'already-enrolled',
          'this subject reference or import key was enrolled meanwhile',
        );
      }
      throw err;
    }
    for (const k of keys) this.deps.index.add(k.key, k.vector);
    if (keys.length > 0) this.deps.onIndexChanged?.();
    return {
      subject,
      images,
      possibleDuplicates,
      threshold: duplicateAt,
      alreadyEnrolled: inputs.length - pending.length,
    };
  }

  /** R15: the chosen face must pass the enrolment quality gates; its template must be the index's model. */
  private async analyse(input: ReferenceImageInput, i: number, of: number): Promise<AnalysedImage> {
    const label = of > 1 ? `image ${i + 1}` : 'the image';
    const analysis = await this.deps.engine.analyse(input.bytes, { embed: 'all' });
    const { face, template } = chooseFace(label, analysis, input.faceIndex, 'faceIndex');
    if (!face.quality.passed) {
      throw new DomainError(
        'refused',
        'quality-gate',
        `${label} fails the enrolment quality gates: ${face.quality.reasons.join(', ')}`,
        { image: i, reasons: [...face.quality.reasons] },
      );
    }
    if (template.modelId !== this.modelId) {
      throw new Error(`the engine made a ${template.modelId} template; the gallery index is for ${this.modelId}`);
    }
    return { input, analysis, quality: face.quality, vector: template.vector, modelId: template.modelId };
  }

  private async duplicates(
    analysed: readonly AnalysedImage[],
    subjectId: string,
    threshold: number,
  ): Promise<PossibleDuplicate[]> {
    const best = new Map<number, number>();
    for (const a of analysed) {
      for (const hit of this.deps.index.search(a.vector, 10)) {
        if (hit.score >= threshold) best.set(hit.key, Math.max(hit.score, best.get(hit.key) ?? -1));
      }
    }
    const owners = await this.deps.repo.templateOwners(this.deps.db, [...best.keys()]);
    return duplicatesAmong(best, owners, subjectId);
  }
}

function imageRow(subjectId: string, mediaId: string, a: AnalysedImage, actor: string, now: string): ReferenceImageRow {
  return {
    id: randomUUID(),
    subject_id: subjectId,
    media_id: mediaId,
    sha256: createHash('sha256').update(a.input.bytes).digest('hex'),
    width: a.analysis.width,
    height: a.analysis.height,
    format: a.analysis.format,
    source: a.input.source,
    legal_basis: a.input.legalBasis,
    capture_date: a.input.captureDate ?? null,
    added_by: actor,
    reason: a.input.reason,
    quality_json: JSON.stringify(a.quality),
    import_key: a.input.importKey ?? null,
    created_at: now,
  };
}

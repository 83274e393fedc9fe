/**
 * Enrolment into the reference gallery and its upkeep. An image is analysed before anything is
 * written; one failing the quality gates is refused with its reasons (R15). A new template is
 * compared with the gallery first, and subjects above the match threshold are flagged as possible
 * duplicates. Images and templates are sealed at rest; the vector index follows every change, so a
 * deleted subject drops out of search at once.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/database.ts';
import type { ReferenceImageRow, SubjectRow, VigilSchema } from '../db/schema.ts';
import type { ImageAnalysis } from '../faces/engine.ts';
import { chooseFace } from '../faces/face-choice.ts';
import type { QualityResult } from '../faces/quality.ts';
import type { ResolvedThreshold } from '../faces/thresholds.ts';
import { appendAudit } from '../governance/audit/audit-log.ts';
import { authorise, channelDetails, type Accessor } from '../governance/authorise.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { ByteCipher } from '../storage/cipher.ts';
import type { MediaStore } from '../storage/media-store.ts';
import { templateContext } from './gallery-index.ts';
import { galleryRepository, type SubjectSummary } from './gallery.repository.ts';
import type { VectorIndex } from './vector-index.ts';

export interface GalleryAnalyser {
  analyse(bytes: Uint8Array, options: { embed: 'all' }): Promise<ImageAnalysis>;
}

export interface GalleryServiceDeps {
  readonly db: Kysely<VigilSchema>;
  readonly engine: GalleryAnalyser;
  readonly media: MediaStore;
  readonly cipher: ByteCipher;
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

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class GalleryService {
  constructor(private readonly deps: GalleryServiceDeps) {}

  get modelId(): string {
    return this.deps.index.modelId;
  }

  /** Refuses (and records) an enrolment by someone without gallery:enrol (R30). */
  authoriseEnrolment(who: Accessor): Promise<void> {
    return authorise(this.deps.db, who, 'gallery:enrol');
  }

  async createSubject(input: NewSubjectInput, who: Accessor): Promise<EnrolmentResult> {
    await this.authoriseEnrolment(who);
    const actor = who.username;
    if (input.images.length === 0) throw new DomainError('invalid', 'no-images', 'a subject needs at least one image');
    if (await galleryRepository.findSubjectByReference(this.deps.db, input.reference)) {
      throw new DomainError('conflict', 'subject-exists', `a subject with reference ${input.reference} already exists`);
    }
    const subject: SubjectRow = {
      id: randomUUID(),
      reference: input.reference,
      display_name: input.displayName,
      category: input.category ?? null,
      date_of_birth: input.dateOfBirth ?? null,
      created_at: nowIso(),
      created_by: actor,
    };
    return this.enrol(subject, input.images, who, true);
  }

  async addImages(subjectId: string, images: readonly ReferenceImageInput[], who: Accessor): Promise<EnrolmentResult> {
    await this.authoriseEnrolment(who);
    const subject = await this.subject(subjectId);
    return this.enrol(subject, images, who, false);
  }

  async subject(id: string): Promise<SubjectRow> {
    const row = await galleryRepository.findSubject(this.deps.db, id);
    if (!row) throw new DomainError('not-found', 'no-such-subject', `subject ${id} does not exist`);
    return row;
  }

  async subjectIdByReference(reference: string): Promise<string | undefined> {
    return (await galleryRepository.findSubjectByReference(this.deps.db, reference))?.id;
  }

  async subjectWithImages(id: string): Promise<{ subject: SubjectRow; images: ReferenceImageRow[] }> {
    const subject = await this.subject(id);
    return { subject, images: await galleryRepository.imagesOf(this.deps.db, id) };
  }

  listSubjects(o: { limit: number; offset: number; search?: string | undefined }): Promise<{
    total: number;
    rows: SubjectSummary[];
  }> {
    return galleryRepository.listSubjects(this.deps.db, o);
  }

  /** The decrypted bytes of a reference image (for display beside a candidate or alert); viewing is audited. */
  async imageBytes(imageId: string, actor?: string): Promise<{ image: ReferenceImageRow; bytes: Buffer }> {
    const image = await galleryRepository.findImage(this.deps.db, imageId);
    if (!image) throw new DomainError('not-found', 'no-such-image', `reference image ${imageId} does not exist`);
    if (actor) {
      await appendAudit(this.deps.db, {
        actor,
        action: 'gallery.image-viewed',
        target: { type: 'reference-image', id: imageId },
      });
    }
    return { image, bytes: await this.deps.media.get(image.media_id) };
  }

  /**
   * An administrator's exceptional access to a reference image ("break glass"): only with a stated
   * reason, which is audited with the access before the image is read.
   */
  async breakGlassImage(
    imageId: string,
    reason: string,
    actor: string,
  ): Promise<{ image: ReferenceImageRow; bytes: Buffer }> {
    if (reason.trim().length < 20) {
      throw new DomainError('invalid', 'reason-required', 'breaking glass needs a reason of at least 20 characters');
    }
    const image = await galleryRepository.findImage(this.deps.db, imageId);
    if (!image) throw new DomainError('not-found', 'no-such-image', `reference image ${imageId} does not exist`);
    await appendAudit(this.deps.db, {
      actor,
      action: 'gallery.break-glass',
      target: { type: 'reference-image', id: imageId },
      details: { reason: reason.trim(), subjectId: image.subject_id },
    });
    return { image, bytes: await this.deps.media.get(image.media_id) };
  }

  /** Deletes a subject, its images and templates; it is out of search when this returns. */
  async deleteSubject(id: string, actor: string, reason?: string): Promise<{ images: number; templates: number }> {
    const removed = await this.deps.db.transaction().execute(async (trx) => {
      const r = await galleryRepository.deleteSubject(trx, id);
      if (r) {
        await appendAudit(trx, {
          actor,
          action: 'gallery.subject-deleted',
          target: { type: 'subject', id },
          details: { images: r.mediaIds.length, templates: r.templateKeys.length, reason: reason ?? null },
        });
      }
      return r;
    });
    if (!removed) throw new DomainError('not-found', 'no-such-subject', `subject ${id} does not exist`);
    for (const key of removed.templateKeys) this.deps.index.remove(key);
    this.deps.onIndexChanged?.();
    await Promise.all(removed.mediaIds.map((m) => this.deps.media.delete(m)));
    return { images: removed.mediaIds.length, templates: removed.templateKeys.length };
  }

  async counts(): Promise<{ subjects: number; images: number; templates: number; indexed: number }> {
    return { ...(await galleryRepository.counts(this.deps.db)), indexed: this.deps.index.size };
  }

  private async enrol(
    subject: SubjectRow,
    inputs: readonly ReferenceImageInput[],
    who: Accessor,
    isNew: boolean,
  ): Promise<EnrolmentResult> {
    const actor = who.username;
    const threshold = this.deps.threshold(this.modelId);
    const pending: ReferenceImageInput[] = [];
    for (const input of inputs) {
      if (input.importKey && (await galleryRepository.findImageByImportKey(this.deps.db, input.importKey))) continue;
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
      for (const a of analysed) mediaIds.push(await this.deps.media.put(a.input.bytes));
      await this.deps.db.transaction().execute(async (trx) => {
        if (isNew) await galleryRepository.insertSubject(trx, subject);
        for (const [i, a] of analysed.entries()) {
          const now = nowIso();
          const image: ReferenceImageRow = {
            id: randomUUID(),
            subject_id: subject.id,
            media_id: mediaIds[i] as string,
            sha256: sha256(a.input.bytes),
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
          await galleryRepository.insertImage(trx, image);
          const key = await galleryRepository.insertTemplate(trx, {
            imageId: image.id,
            subjectId: subject.id,
            modelId: a.modelId,
            vectorSealed: this.deps.cipher.sealVector(a.vector, templateContext(a.modelId)),
            createdAt: now,
          });
          images.push(image);
          keys.push({ key, vector: a.vector });
        }
        await appendAudit(trx, {
          actor,
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
      await Promise.all(mediaIds.map((m) => this.deps.media.delete(m)));
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
    const owners = await galleryRepository.templateOwners(this.deps.db, [...best.keys()]);
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
}

/** A unique constraint refused the insert (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

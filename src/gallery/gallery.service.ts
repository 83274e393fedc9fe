/**
 * The reference gallery and its upkeep. Enrolment (quality gates, R15; possible duplicates) is in
 * gallery-enrolment.ts; this service authorises it (R30), reads subjects and images, audits each
 * view of a reference image, and deletes subjects. Images and templates are sealed at rest; the
 * vector index follows every change, so a deleted subject drops out of search at once. It is also
 * the gallery's read port for other domains (gallery.ports.ts).
 */
import { randomUUID } from 'node:crypto';
import type { ReferenceImageRow, SubjectRow } from '../db/schema.ts';
import type { Accessor } from '../governance/authorise.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { MediaStore } from '../storage/media-store.ts';
import {
  GalleryEnrolment,
  type EnrolmentDeps,
  type EnrolmentResult,
  type NewSubjectInput,
  type ReferenceImageInput,
} from './gallery-enrolment.ts';
import type { Authorise, GalleryReads } from './gallery.ports.ts';
import type { GalleryRepository, SubjectSummary, TemplateOwner } from './gallery.repository.ts';

export type { EnrolmentResult, NewSubjectInput, PossibleDuplicate, ReferenceImageInput } from './gallery-enrolment.ts';
export type { GalleryAnalyser } from './gallery.ports.ts';
export { isUniqueViolation } from './unique-violation.ts';

export interface GalleryServiceDeps extends EnrolmentDeps {
  readonly repo: Pick<
    GalleryRepository,
    | 'insertSubject'
    | 'findSubject'
    | 'findSubjectByReference'
    | 'listSubjects'
    | 'insertImage'
    | 'imagesOf'
    | 'findImage'
    | 'findImageByImportKey'
    | 'insertTemplate'
    | 'templateOwners'
    | 'displayNames'
    | 'deleteSubject'
    | 'counts'
  >;
  readonly authorise: Authorise;
  readonly media: Pick<MediaStore, 'put' | 'get' | 'delete'>;
}

export class GalleryService implements GalleryReads {
  private readonly enrolment: GalleryEnrolment;

  constructor(private readonly deps: GalleryServiceDeps) {
    this.enrolment = new GalleryEnrolment(deps);
  }

  get modelId(): string {
    return this.deps.index.modelId;
  }

  /** Refuses (and records) an enrolment by someone without gallery:enrol (R30). */
  authoriseEnrolment(who: Accessor): Promise<void> {
    return this.deps.authorise(who, 'gallery:enrol');
  }

  async createSubject(input: NewSubjectInput, who: Accessor): Promise<EnrolmentResult> {
    await this.authoriseEnrolment(who);
    if (input.images.length === 0) throw new DomainError('invalid', 'no-images', 'a subject needs at least one image');
    if (await this.deps.repo.findSubjectByReference(this.deps.db, input.reference)) {
      throw new DomainError('conflict', 'subject-exists', `a subject with reference ${input.reference} already exists`);
    }
    const subject: SubjectRow = {
      id: randomUUID(),
      reference: input.reference,
      display_name: input.displayName,
      category: input.category ?? null,
      date_of_birth: input.dateOfBirth ?? null,
      created_at: this.deps.clock.nowIso(),
      created_by: who.username,
    };
    return this.enrolment.enrol(subject, input.images, who, true);
  }

  async addImages(subjectId: string, images: readonly ReferenceImageInput[], who: Accessor): Promise<EnrolmentResult> {
    await this.authoriseEnrolment(who);
    const subject = await this.subject(subjectId);
    return this.enrolment.enrol(subject, images, who, false);
  }

  async subject(id: string): Promise<SubjectRow> {
    const row = await this.deps.repo.findSubject(this.deps.db, id);
    if (!row) throw new DomainError('not-found', 'no-such-subject', `subject ${id} does not exist`);
    return row;
  }

  async subjectIdByReference(reference: string): Promise<string | undefined> {
    return (await this.deps.repo.findSubjectByReference(this.deps.db, reference))?.id;
  }

  async subjectWithImages(id: string): Promise<{ subject: SubjectRow; images: ReferenceImageRow[] }> {
    const subject = await this.subject(id);
    return { subject, images: await this.deps.repo.imagesOf(this.deps.db, id) };
  }

  listSubjects(o: { limit: number; offset: number; search?: string | undefined }): Promise<{
    total: number;
    rows: SubjectSummary[];
  }> {
    return this.deps.repo.listSubjects(this.deps.db, o);
  }

  templateOwners(keys: readonly number[]): Promise<ReadonlyMap<number, TemplateOwner>> {
    return this.deps.repo.templateOwners(this.deps.db, keys);
  }

  displayNames(subjectIds: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return this.deps.repo.displayNames(this.deps.db, subjectIds);
  }

  findImage(imageId: string): Promise<ReferenceImageRow | undefined> {
    return this.deps.repo.findImage(this.deps.db, imageId);
  }

  /** The decrypted bytes of a reference image (for display beside a candidate or alert); viewing is audited. */
  async imageBytes(imageId: string, actor?: string): Promise<{ image: ReferenceImageRow; bytes: Buffer }> {
    const image = await this.findImage(imageId);
    if (!image) throw new DomainError('not-found', 'no-such-image', `reference image ${imageId} does not exist`);
    if (actor) {
      await this.deps.audit.append(this.deps.db, {
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
    const image = await this.findImage(imageId);
    if (!image) throw new DomainError('not-found', 'no-such-image', `reference image ${imageId} does not exist`);
    await this.deps.audit.append(this.deps.db, {
      actor,
      action: 'gallery.break-glass',
      target: { type: 'reference-image', id: imageId },
      details: { reason: reason.trim(), subjectId: image.subject_id },
    });
    return { image, bytes: await this.deps.media.get(image.media_id) };
  }

  /** Deletes a subject, its images and templates; it is out of search when this returns. */
  async deleteSubject(id: string, actor: string, reason?: string): Promise<{ images: number; templates: number }> {
    const removed = await this.deps.uow.run(async (trx) => {
      const r = await this.deps.repo.deleteSubject(trx, id);
      if (r) {
        await this.deps.audit.append(trx, {
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
    return { ...(await this.deps.repo.counts(this.deps.db)), indexed: this.deps.index.size };
  }
}

/**
 * The reference gallery's rows: subjects, their reference images, and the templates made from
 * them. Plain queries, no policy: every method takes the database or a transaction, so a use case
 * can put several writes (and, with governance, its audit entry) in one transaction.
 */
import { chunks } from '../db/chunks.ts';
import type { Queryable } from '../db/database.ts';
import type { ReferenceImageRow, SubjectRow, SubjectsTable, ReferenceImagesTable } from '../db/schema.ts';

export interface NewTemplateRow {
  readonly imageId: string;
  readonly subjectId: string;
  readonly modelId: string;
  readonly vectorSealed: Uint8Array;
  readonly createdAt: string;
}

/** Which subject and image a template belongs to. */
export interface TemplateOwner {
  readonly subjectId: string;
  readonly imageId: string;
  readonly reference: string;
  readonly displayName: string;
}

export interface SubjectSummary extends SubjectRow {
  readonly image_count: number;
}

export class GalleryRepository {
  async insertSubject(q: Queryable, row: SubjectsTable): Promise<void> {
    await q.insertInto('subjects').values(row).execute();
  }

  findSubject(q: Queryable, id: string): Promise<SubjectRow | undefined> {
    return q.selectFrom('subjects').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Display names of those subjects that still exist, by id. */
  async displayNames(q: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await q.selectFrom('subjects').select(['id', 'display_name']).where('id', 'in', part).execute();
      for (const r of rows) out.set(r.id, r.display_name);
    }
    return out;
  }

  findSubjectByReference(q: Queryable, reference: string): Promise<SubjectRow | undefined> {
    return q.selectFrom('subjects').selectAll().where('reference', '=', reference).executeTakeFirst();
  }

  async listSubjects(
    q: Queryable,
    o: { limit: number; offset: number; search?: string | undefined },
  ): Promise<{ total: number; rows: SubjectSummary[] }> {
    let base = q.selectFrom('subjects');
    if (o.search) {
      // Wildcards are dropped rather than escaped (SQLite's LIKE has no default escape character).
      const like = `%${o.search.replace(/[%_\\]/g, '').toLowerCase()}%`;
      base = base.where((eb) =>
        eb.or([eb(eb.fn('lower', ['reference']), 'like', like), eb(eb.fn('lower', ['display_name']), 'like', like)]),
      );
    }
    const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll('subjects')
      .select((eb) =>
        eb
          .selectFrom('reference_images')
          .whereRef('reference_images.subject_id', '=', 'subjects.id')
          .select((e) => e.fn.countAll<number>().as('c'))
          .as('image_count'),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(o.limit)
      .offset(o.offset)
      .execute();
    return {
      total: Number(total.n),
      rows: rows.map((r) => ({ ...r, image_count: Number(r.image_count ?? 0) })),
    };
  }

  async insertImage(q: Queryable, row: ReferenceImagesTable): Promise<void> {
    await q.insertInto('reference_images').values(row).execute();
  }

  imagesOf(q: Queryable, subjectId: string): Promise<ReferenceImageRow[]> {
    return q
      .selectFrom('reference_images')
      .selectAll()
      .where('subject_id', '=', subjectId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  findImage(q: Queryable, id: string): Promise<ReferenceImageRow | undefined> {
    return q.selectFrom('reference_images').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findImageByImportKey(q: Queryable, importKey: string): Promise<ReferenceImageRow | undefined> {
    return q.selectFrom('reference_images').selectAll().where('import_key', '=', importKey).executeTakeFirst();
  }

  async insertTemplate(q: Queryable, t: NewTemplateRow): Promise<number> {
    const row = await q
      .insertInto('templates')
      .values({
        image_id: t.imageId,
        subject_id: t.subjectId,
        model_id: t.modelId,
        vector_sealed: t.vectorSealed,
        created_at: t.createdAt,
      })
      .returning('key')
      .executeTakeFirstOrThrow();
    return Number(row.key);
  }

  async templateKeys(q: Queryable, modelId: string): Promise<number[]> {
    const rows = await q.selectFrom('templates').select('key').where('model_id', '=', modelId).orderBy('key').execute();
    return rows.map((r) => Number(r.key));
  }

  /** Sealed vectors in key order, a page at a time (for index rebuilds). */
  async templatePage(
    q: Queryable,
    modelId: string,
    afterKey: number,
    limit: number,
    only?: readonly number[],
  ): Promise<{ key: number; vector_sealed: Uint8Array }[]> {
    let query = q
      .selectFrom('templates')
      .select(['key', 'vector_sealed'])
      .where('model_id', '=', modelId)
      .where('key', '>', afterKey);
    if (only) query = query.where('key', 'in', only.length > 0 ? [...only] : [-1]);
    const rows = await query.orderBy('key').limit(limit).execute();
    return rows.map((r) => ({ key: Number(r.key), vector_sealed: r.vector_sealed }));
  }

  /** Which subject and image each template key belongs to (keys without a row are left out). */
  async templateOwners(q: Queryable, keys: readonly number[]): Promise<Map<number, TemplateOwner>> {
    if (keys.length === 0) return new Map();
    const rows = await q
      .selectFrom('templates')
      .innerJoin('subjects', 'subjects.id', 'templates.subject_id')
      .select([
        'templates.key',
        'templates.subject_id',
        'templates.image_id',
        'subjects.reference',
        'subjects.display_name',
      ])
      .where('templates.key', 'in', [...keys])
      .execute();
    return new Map(
      rows.map((r) => [
        Number(r.key),
        { subjectId: r.subject_id, imageId: r.image_id, reference: r.reference, displayName: r.display_name },
      ]),
    );
  }

  /** Deletes a subject with its images and templates; returns what the caller must also remove. */
  async deleteSubject(q: Queryable, id: string): Promise<{ templateKeys: number[]; mediaIds: string[] } | undefined> {
    const subject = await q.selectFrom('subjects').select('id').where('id', '=', id).executeTakeFirst();
    if (!subject) return undefined;
    const keys = await q.selectFrom('templates').select('key').where('subject_id', '=', id).execute();
    const media = await q.selectFrom('reference_images').select('media_id').where('subject_id', '=', id).execute();
    await q.deleteFrom('templates').where('subject_id', '=', id).execute();
    await q.deleteFrom('reference_images').where('subject_id', '=', id).execute();
    await q.deleteFrom('subjects').where('id', '=', id).execute();
    return { templateKeys: keys.map((k) => Number(k.key)), mediaIds: media.map((m) => m.media_id) };
  }

  async counts(q: Queryable): Promise<{ subjects: number; images: number; templates: number }> {
    const [s, i, t] = await Promise.all([
      q
        .selectFrom('subjects')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      q
        .selectFrom('reference_images')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      q
        .selectFrom('templates')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { subjects: Number(s.n), images: Number(i.n), templates: Number(t.n) };
  }
}

/** The shared instance, for callers not yet given theirs through their deps (issue 16). */
export const galleryRepository = new GalleryRepository();

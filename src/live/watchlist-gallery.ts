/**
 * The gallery as the watchlist reads it (R8, R13): a subject and its newest reference image with a
 * template of the deployment's model. A port, so the watchlist rules are tested without a
 * database; the real one reads the gallery's rows (to become a gallery service call once the
 * gallery offers one: issue 16).
 */
import type { Queryable } from '../db/database.ts';
import type { ReferenceImageRow, SubjectRow, TemplateRow } from '../db/schema.ts';
import { galleryRepository } from '../gallery/gallery.repository.ts';

export interface WatchlistGallery {
  subject(id: string): Promise<SubjectRow | undefined>;
  /** The subject's newest image with a template of `modelId`, with that template. */
  reference(
    subjectId: string,
    modelId: string,
  ): Promise<{ image: ReferenceImageRow; template: TemplateRow } | undefined>;
}

export function galleryRows(db: Queryable): WatchlistGallery {
  return {
    subject: (id) => galleryRepository.findSubject(db, id),
    async reference(subjectId, modelId) {
      const images = await galleryRepository.imagesOf(db, subjectId);
      const templates = await db
        .selectFrom('templates')
        .selectAll()
        .where('subject_id', '=', subjectId)
        .where('model_id', '=', modelId)
        .execute();
      const image = [...images].reverse().find((i) => templates.some((t) => t.image_id === i.id));
      const template = templates.find((t) => t.image_id === image?.id);
      return image && template ? { image, template } : undefined;
    },
  };
}

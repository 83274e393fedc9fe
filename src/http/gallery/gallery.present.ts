/** Database rows of the gallery as the API shows them. */
import type { z } from 'zod';
import type { ReferenceImageRow, SubjectRow } from '../../db/schema.ts';
import type { referenceImageSchema, subjectSchema } from './gallery.dto.ts';

export function presentSubject(s: SubjectRow): z.infer<typeof subjectSchema> {
  return {
    id: s.id,
    reference: s.reference,
    displayName: s.display_name,
    category: s.category,
    dateOfBirth: s.date_of_birth,
    createdAt: s.created_at,
    createdBy: s.created_by,
  };
}

export function presentImage(i: ReferenceImageRow): z.infer<typeof referenceImageSchema> {
  return {
    id: i.id,
    subjectId: i.subject_id,
    width: i.width,
    height: i.height,
    format: i.format,
    source: i.source,
    legalBasis: i.legal_basis,
    captureDate: i.capture_date,
    addedBy: i.added_by,
    reason: i.reason,
    quality: JSON.parse(i.quality_json) as z.infer<typeof referenceImageSchema>['quality'],
    createdAt: i.created_at,
  };
}

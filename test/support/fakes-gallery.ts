/**
 * In-memory fakes for the gallery's unit tier (src/gallery/*.spec.ts): its repository over
 * arrays, a media store in a Map, a sealing cipher that only tags bytes, and an engine that
 * answers with the analysis the test planted for each image.
 */
import type { ReferenceImageRow, SubjectRow } from '../../src/db/schema.ts';
import type { ImageAnalysis } from '../../src/faces/engine.ts';
import type { QualityResult } from '../../src/faces/quality.ts';
import type { GalleryServiceDeps } from '../../src/gallery/gallery.service.ts';
import type { NewTemplateRow, TemplateOwner } from '../../src/gallery/gallery.repository.ts';

type Repo = GalleryServiceDeps['repo'];

export class MemoryGalleryRepository implements Repo {
  readonly subjects: SubjectRow[] = [];
  readonly images: ReferenceImageRow[] = [];
  readonly templates: (NewTemplateRow & { key: number })[] = [];
  #nextKey = 1;

  insertSubject: Repo['insertSubject'] = async (_q, row) => void this.subjects.push(row as SubjectRow);
  findSubject = async (_q: unknown, id: string) => this.subjects.find((s) => s.id === id);
  findSubjectByReference = async (_q: unknown, ref: string) => this.subjects.find((s) => s.reference === ref);
  listSubjects: Repo['listSubjects'] = async (_q, o) => ({
    total: this.subjects.length,
    rows: this.subjects
      .slice(o.offset, o.offset + o.limit)
      .map((s) => ({ ...s, image_count: this.images.filter((i) => i.subject_id === s.id).length })),
  });
  insertImage: Repo['insertImage'] = async (_q, row) => void this.images.push(row as ReferenceImageRow);
  imagesOf = async (_q: unknown, subjectId: string) => this.images.filter((i) => i.subject_id === subjectId);
  findImage = async (_q: unknown, id: string) => this.images.find((i) => i.id === id);
  findImageByImportKey = async (_q: unknown, key: string) => this.images.find((i) => i.import_key === key);
  insertTemplate = async (_q: unknown, t: NewTemplateRow): Promise<number> => {
    const key = this.#nextKey++;
    this.templates.push({ ...t, key });
    return key;
  };
  templateOwners = async (_q: unknown, keys: readonly number[]): Promise<Map<number, TemplateOwner>> => {
    const out = new Map<number, TemplateOwner>();
    for (const t of this.templates.filter((x) => keys.includes(x.key))) {
      const s = this.subjects.find((x) => x.id === t.subjectId);
      if (s)
        out.set(t.key, { subjectId: s.id, imageId: t.imageId, reference: s.reference, displayName: s.display_name });
    }
    return out;
  };
  displayNames = async (_q: unknown, ids: readonly string[]) =>
    new Map(this.subjects.filter((s) => ids.includes(s.id)).map((s) => [s.id, s.display_name]));
  deleteSubject = async (_q: unknown, id: string) => {
    if (!this.subjects.some((s) => s.id === id)) return undefined;
    const templateKeys = this.templates.filter((t) => t.subjectId === id).map((t) => t.key);
    const mediaIds = this.images.filter((i) => i.subject_id === id).map((i) => i.media_id);
    this.subjects.splice(0, this.subjects.length, ...this.subjects.filter((s) => s.id !== id));
    this.images.splice(0, this.images.length, ...this.images.filter((i) => i.subject_id !== id));
    this.templates.splice(0, this.templates.length, ...this.templates.filter((t) => t.subjectId !== id));
    return { templateKeys, mediaIds };
  };
  counts = async () => ({
    subjects: this.subjects.length,
    images: this.images.length,
    templates: this.templates.length,
  });
}

/** Media in a Map: what was put and not deleted. */
export function memoryMedia(): GalleryServiceDeps['media'] & { readonly stored: Map<string, Uint8Array> } {
  const stored = new Map<string, Uint8Array>();
  let n = 0;
  return {
    stored,
    put: async (bytes) => {
      const id = `m${++n}`;
      stored.set(id, bytes);
      return id;
    },
    get: async (id) => Buffer.from(stored.get(id) ?? []),
    delete: async (id) => void stored.delete(id),
  };
}

export const taggingCipher: GalleryServiceDeps['cipher'] = {
  sealVector: (v, context) => Buffer.concat([Buffer.from(context), Buffer.from(v.buffer)]),
};

const passed: QualityResult = {
  interOcularPx: 60,
  yawDeg: 0,
  pitchDeg: 0,
  sharpness: 1,
  brightness: 0.5,
  passed: true,
  reasons: [],
};

/** One face with this template vector; failing the gates with `reasons` when given. */
export function oneFace(
  modelId: string,
  vector: readonly number[],
  reasons: QualityResult['reasons'] = [],
): ImageAnalysis {
  return {
    width: 200,
    height: 200,
    format: 'jpeg',
    faces: [
      {
        box: { x: 50, y: 50, width: 100, height: 100 },
        score: 0.99,
        five: [
          { x: 80, y: 90 },
          { x: 120, y: 90 },
          { x: 100, y: 110 },
          { x: 85, y: 130 },
          { x: 115, y: 130 },
        ],
        quality: { ...passed, passed: reasons.length === 0, reasons },
        template: { modelId, vector: Float32Array.from(vector) },
      },
    ],
    timings: { decodeMs: 0, detectMs: 0, describeMs: 0 },
  };
}

/** An engine that answers each image (by its first byte) with the analysis planted for it. */
export function plantedEngine(byFirstByte: Map<number, ImageAnalysis>): GalleryServiceDeps['engine'] {
  return {
    analyse: async (bytes) => {
      const a = byFirstByte.get(bytes[0] ?? -1);
      if (!a) throw new Error(`no analysis planted for image ${bytes[0]}`);
      return a;
    },
  };
}

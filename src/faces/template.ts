/**
 * Face templates: L2-normalised embedding vectors that always carry the id of the model that
 * made them. Comparing templates of different models is an error, never a number.
 */

export interface FaceTemplate {
  readonly modelId: string;
  readonly vector: Float32Array;
}

export class ModelMismatchError extends Error {
  constructor(
    readonly left: string,
    readonly right: string,
  ) {
    super(`templates from different models cannot be compared: ${left} vs ${right}`);
    this.name = 'ModelMismatchError';
  }
}

export function l2Normalise(v: Float32Array): Float32Array {
  let s = 0;
  for (const x of v) s += x * x;
  const norm = Math.sqrt(s);
  if (!Number.isFinite(norm) || norm === 0) throw new Error('cannot normalise a zero or non-finite vector');
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! / norm;
  return out;
}

export function makeTemplate(modelId: string, raw: Float32Array): FaceTemplate {
  return { modelId, vector: l2Normalise(raw) };
}

/** One template from several views of the same face: the normalised mean of their unit vectors. */
export function averageTemplate(modelId: string, raws: readonly Float32Array[]): FaceTemplate {
  const first = raws[0];
  if (!first) throw new Error('averageTemplate needs at least one vector');
  const sum = new Float32Array(first.length);
  for (const raw of raws) {
    const unit = l2Normalise(raw);
    for (let i = 0; i < sum.length; i++) sum[i]! += unit[i]!;
  }
  return makeTemplate(modelId, sum);
}

/** Cosine similarity of two templates of the same model, in [-1, 1]; higher is more alike. */
export function similarity(a: FaceTemplate, b: FaceTemplate): number {
  if (a.modelId !== b.modelId) throw new ModelMismatchError(a.modelId, b.modelId);
  if (a.vector.length !== b.vector.length) {
    throw new Error(`templates of ${a.modelId} differ in length: ${a.vector.length} vs ${b.vector.length}`);
  }
  return dot(a.vector, b.vector);
}

/** Inner product of two vectors of one length: the cosine similarity of unit-length templates. */
export function dot(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`vector sizes differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * Embeds evaluation images through the face engine. The labelled face of an evaluation image is
 * the one nearest its centre (the LFW and UTKFace convention). Tightly cropped images (UTKFace,
 * 200 px crops) leave the detector no context, so when no face is found the image is retried
 * with black borders (see borderRetries).
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { FaceEngine, ImageAnalysis } from '../faces/engine.ts';
import type { EmbedImage } from './embedding.ts';

export interface EngineEmbedderOptions {
  /** Detector score floor for evaluation images, which are known to hold a face. */
  readonly minScore: number;
  /** Called with every template made (model id check). */
  readonly onModel?: (modelId: string) => void;
}

/**
 * The labelled face: the largest face whose box covers the image centre, else the face nearest
 * the centre. (A small background face can sit nearer the centre than the subject's own box.)
 */
export function centreFace<F extends { box: { x: number; y: number; width: number; height: number } }>(
  width: number,
  height: number,
  faces: readonly F[],
): F | undefined {
  const cx = width / 2,
    cy = height / 2;
  const covering = faces.filter(
    (f) => f.box.x <= cx && cx <= f.box.x + f.box.width && f.box.y <= cy && cy <= f.box.y + f.box.height,
  );
  if (covering.length > 0)
    return covering.reduce((a, b) => (b.box.width * b.box.height > a.box.width * a.box.height ? b : a));
  const distance = (f: F) => Math.hypot(f.box.x + f.box.width / 2 - cx, f.box.y + f.box.height / 2 - cy);
  return faces.reduce<F | undefined>(
    (best, f) => (best === undefined || distance(f) < distance(best) ? f : best),
    undefined,
  );
}

/** The image with a black border of `fraction` of its longer side on every side. */
async function withBorder(bytes: Uint8Array, fraction: number): Promise<Uint8Array> {
  const meta = await sharp(bytes).metadata();
  const pad = Math.round(Math.max(meta.width ?? 0, meta.height ?? 0) * fraction);
  return new Uint8Array(
    await sharp(bytes).extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#000000' }).png().toBuffer(),
  );
}

/**
 * Border sizes tried, in order, when no face is found. On a tenth of UTKFace's 200 px crops the
 * SSD detector found a face in 140/200 images as they are, 165 with a quarter border and 197 with
 * a border as wide as the image.
 */
const borderRetries = [0.25, 1];

export function engineEmbedder(engine: FaceEngine, options: EngineEmbedderOptions): EmbedImage {
  const detect = { minScore: options.minScore, maxFaces: 10 };
  return async (path) => {
    const bytes = new Uint8Array(await readFile(path));
    const pick = (r: ImageAnalysis) => centreFace(r.width, r.height, r.faces);
    let face = pick(await engine.analyse(bytes, { embed: 'all', detect }));
    for (const fraction of borderRetries) {
      if (face) break;
      face = pick(await engine.analyse(await withBorder(bytes, fraction), { embed: 'all', detect }));
    }
    if (!face?.template) return { ok: false, reason: 'no face detected' };
    options.onModel?.(face.template.modelId);
    return { ok: true, vector: face.template.vector };
  };
}

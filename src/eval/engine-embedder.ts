/**
 * Embeds evaluation images through the face engine. The labelled face of an evaluation image is
 * the one nearest its centre (the LFW and UTKFace convention). Tightly cropped images (UTKFace,
 * 200 px crops) leave the detector no context, so when no face is found the image is retried
 * once with a black border of a quarter of its size on each side.
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

function centreFace(r: ImageAnalysis) {
  const cx = r.width / 2,
    cy = r.height / 2;
  let best: (typeof r.faces)[number] | undefined;
  let bestD = Infinity;
  for (const f of r.faces) {
    const d = Math.hypot(f.box.x + f.box.width / 2 - cx, f.box.y + f.box.height / 2 - cy);
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best;
}

async function withBorder(bytes: Uint8Array): Promise<Uint8Array> {
  const meta = await sharp(bytes).metadata();
  const pad = Math.round(Math.max(meta.width ?? 0, meta.height ?? 0) / 4);
  return new Uint8Array(
    await sharp(bytes).extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#000000' }).png().toBuffer(),
  );
}

export function engineEmbedder(engine: FaceEngine, options: EngineEmbedderOptions): EmbedImage {
  const detect = { minScore: options.minScore, maxFaces: 10 };
  return async (path) => {
    const bytes = new Uint8Array(await readFile(path));
    let face = centreFace(await engine.analyse(bytes, { embed: 'all', detect }));
    if (!face) face = centreFace(await engine.analyse(await withBorder(bytes), { embed: 'all', detect }));
    if (!face?.template) return { ok: false, reason: 'no face detected' };
    options.onModel?.(face.template.modelId);
    return { ok: true, vector: face.template.vector };
  };
}

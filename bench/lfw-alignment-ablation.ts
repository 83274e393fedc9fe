/**
 * LFW alignment ablation: how detection, landmarks, alignment and embedding choices move the
 * default pack's View-2 accuracy. Development tool, not part of the product.
 *
 *   node --import tsx bench/lfw-alignment-ablation.ts cache 0 2 &   # SSD boxes + 68 landmarks,
 *   node --import tsx bench/lfw-alignment-ablation.ts cache 1 2     # two shards, one per core
 *   node --import tsx bench/lfw-alignment-ablation.ts run dlib68 five flip refine+lmflip+flip \
 *        [--input-scale 255] [--requantize 2]
 *
 * Variants (joined with +): dlib68 (dlib chip from 68 points), five (from five points), flip
 * (mean of chip and mirror), refine (second landmark pass on a box re-derived from the first),
 * lmflip (landmarks averaged with those of the mirrored face). --input-scale 255 is face-api's
 * normalisation (Vigil uses dlib's 256); --requantize k coarsens the 8-bit weights k times.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadLfwPairs } from '../src/eval/data-files.ts';
import { centreFace } from '../src/eval/engine-embedder.ts';
import { uniqueLfwImages } from '../src/eval/lfw-protocol.ts';
import { evaluateVerification } from '../src/eval/verification-metrics.ts';
import { alignFace, alignFaceJittered, fivePointsFrom68, type FaceLandmarks } from '../src/faces/alignment.ts';
import { mirrorImage } from '../src/faces/geometry.ts';
import { decodeImage, type DecodedImage } from '../src/faces/image-decode.ts';
import { buildFaceApiRecognizerOnnx } from '../src/faces/nets/faceapi-recognizer-graph.ts';
import { createFaceApiRecognizer } from '../src/faces/nets/faceapi-recognizer.ts';
import { createFaceApiLandmarker } from '../src/faces/nets/faceapi-landmarks.ts';
import { createFaceApiSsdDetector } from '../src/faces/nets/faceapi-ssd.ts';
import { loadFaceApiWeights, type FaceApiWeights } from '../src/faces/nets/faceapi-weights.ts';
import { averageTemplate } from '../src/faces/template.ts';
import type { Box, FivePoints, Point, RgbImage } from '../src/faces/types.ts';
import { cacheMesh, cacheYunet, loadSideCache, meshLandmarks, type SideEntry } from './lfw-landmark-sources.ts';
import { repoRoot, sharedPath } from '../src/shared/paths.ts';

type Entry = { pad: number; box: Box; score: number; pts: Point[] } | null;
const dataDir = sharedPath('data');
const cacheDir = join(repoRoot, 'data', 'ablation');
const pad = 62;

async function load(path: string, padded: boolean): Promise<DecodedImage> {
  const bytes = await readFile(join(dataDir, path));
  if (!padded) return decodeImage(bytes);
  return decodeImage(
    await sharp(bytes).extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#000' }).png().toBuffer(),
  );
}

async function cache(shard: number, shards: number): Promise<void> {
  const images = uniqueLfwImages((await loadLfwPairs(dataDir)).pairs).filter((_, i) => i % shards === shard);
  const det = await createFaceApiSsdDetector({ modelId: 'ssd', threads: 1 });
  const lm = await createFaceApiLandmarker({ modelId: 'lm', threads: 1 });
  const out: Record<string, Entry> = {};
  for (const im of images) {
    let padded = false;
    let img = await load(im.path, false);
    let faces = await det.detect(img, { minScore: 0.2, maxFaces: 10 });
    if (faces.length === 0) {
      padded = true;
      img = await load(im.path, true);
      faces = await det.detect(img, { minScore: 0.2, maxFaces: 10 });
    }
    const f = centreFace(img.width, img.height, faces);
    out[im.path] = f
      ? { pad: padded ? pad : 0, box: f.box, score: f.score, pts: await lm.landmarks68(img, f.box) }
      : null;
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, `landmarks-${shard}-of-${shards}.json`), JSON.stringify(out));
}

const mirror68 = (() => {
  const m = Array.from({ length: 68 }, (_, i) => i);
  for (let i = 0; i <= 16; i++) m[i] = 16 - i;
  for (let i = 17; i <= 26; i++) m[i] = 43 - i;
  const pairs = [
    [31, 35],
    [32, 34],
    [36, 45],
    [37, 44],
    [38, 43],
    [39, 42],
    [40, 47],
    [41, 46],
    [48, 54],
    [49, 53],
    [50, 52],
    [55, 59],
    [56, 58],
    [60, 64],
    [61, 63],
    [65, 67],
  ] as const;
  for (const [a, b] of pairs) [m[a], m[b]] = [b, a];
  return m;
})();

function bbox(pts: readonly Point[]): Box {
  const xs = pts.map((p) => p.x),
    ys = pts.map((p) => p.y);
  const x = Math.min(...xs),
    y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

function requantize(w: FaceApiWeights, factor: number): FaceApiWeights {
  // Coarsens each tensor's value grid by `factor` steps of its own range (simulates fewer bits).
  const tensors = new Map(
    [...w.tensors].map(([name, t]) => {
      let min = Infinity,
        max = -Infinity;
      for (const v of t.data) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      const step = ((max - min) / 255) * factor;
      const data = step > 0 ? t.data.map((v) => min + Math.round((v - min) / step) * step) : t.data;
      return [name, { shape: t.shape, data }];
    }),
  );
  return { ...w, tensors, get: (name) => tensors.get(name) ?? w.get(name) };
}

async function run(variants: string[], inputScale: number, requantizeBy: number, folds: number): Promise<void> {
  const only = await imagesOfFolds(folds);
  const cached: Record<string, Entry> = {};
  for (const shard of [0, 1]) {
    const file = join(cacheDir, `landmarks-${shard}-of-2.json`);
    if (existsSync(file)) Object.assign(cached, JSON.parse(readFileSync(file, 'utf8')));
  }
  const weights = await loadFaceApiWeights('recognizer');
  const onnx = buildFaceApiRecognizerOnnx(requantizeBy > 1 ? requantize(weights, requantizeBy) : weights, inputScale);
  const rec = await createFaceApiRecognizer({ modelId: 'r', threads: 1, onnx });
  const lm = await createFaceApiLandmarker({ modelId: 'lm', threads: 1 });
  // The mean SSD box relative to the landmarks' bounding box, to re-derive a box from landmarks.
  const valid = Object.values(cached).filter((e): e is NonNullable<Entry> => e !== null);
  const rel = [0, 1, 2, 3].map(
    (k) =>
      valid.reduce((s, e) => {
        const b = bbox(e.pts);
        return (
          s +
          [(e.box.x - b.x) / b.width, (e.box.y - b.y) / b.height, e.box.width / b.width, e.box.height / b.height][k]!
        );
      }, 0) / valid.length,
  );
  const boxFrom = (pts: readonly Point[]): Box => {
    const b = bbox(pts);
    return {
      x: b.x + rel[0]! * b.width,
      y: b.y + rel[1]! * b.height,
      width: rel[2]! * b.width,
      height: rel[3]! * b.height,
    };
  };
  const pairs = await pairsOfFolds(folds);
  const side: Record<string, Record<string, SideEntry>> = {};
  for (const variant of variants) {
    const parts = variant.split('+');
    const has = (part: string) => parts.includes(part);
    const source = parts.find((p) => /^(mesh\d|yunet\d*)$/.test(p));
    const jitters = Number(parts.find((p) => /^j\d+a?$/.test(p))?.replace(/\D/g, '') ?? 0);
    const enrolOnly = parts.some((p) => /^j\d+a$/.test(p));
    const cacheName = source?.startsWith('mesh') ? 'mesh' : source;
    if (cacheName) side[cacheName] ??= loadSideCache(cacheDir, cacheName);
    const plain = new Map<string, Float32Array>();
    const enrol = new Map<string, Float32Array>();
    let chips = 0;
    const started = performance.now();
    for (const path of only) {
      const e = cached[path];
      let landmarks: FaceLandmarks;
      let img: RgbImage;
      if (cacheName) {
        const s = side[cacheName]![path];
        if (!s) continue;
        img = await load(path, s.pad > 0);
        landmarks = meshLandmarks(s, source!, parts);
      } else {
        if (!e) continue;
        img = await load(path, e.pad > 0);
        let pts = e.pts;
        let box = e.box;
        if (has('refine')) pts = await lm.landmarks68(img, (box = boxFrom(pts)));
        if (has('lmflip')) {
          const m = await lm.landmarks68(mirrorImage(img), { ...box, x: img.width - box.x - box.width });
          pts = pts.map((p, i) => ({
            x: (p.x + img.width - m[mirror68[i]!]!.x) / 2,
            y: (p.y + m[mirror68[i]!]!.y) / 2,
          }));
        }
        const five: FivePoints = fivePointsFrom68(pts);
        landmarks = has('five') ? { five } : { five, points68: pts };
      }
      const embed = async (n: number): Promise<Float32Array> => {
        const set =
          n > 0 ? alignFaceJittered(img, landmarks, 'dlib-chip-150', n) : [alignFace(img, landmarks, 'dlib-chip-150')];
        const all = has('flip') ? [...set, ...set.map(mirrorImage)] : set;
        chips += all.length;
        return averageTemplate('r', await rec.embed(all)).vector;
      };
      const v = await embed(enrolOnly ? 0 : jitters);
      plain.set(path, v);
      enrol.set(path, enrolOnly ? await embed(jitters) : v);
    }
    const ms = performance.now() - started;
    const scored = pairs.map((p) => {
      const a = enrol.get(p.a.path),
        b = plain.get(p.b.path);
      return { fold: p.fold, same: p.same, score: a && b ? a.reduce((s, v, i) => s + v * b[i]!, 0) : null };
    });
    const m = evaluateVerification(scored);
    const tar = `TAR@FAR1e-3 ${m.tarAtFar1e3?.toFixed(3) ?? 'n/a'}`;
    console.log(
      `${variant} (input /${inputScale}${requantizeBy > 1 ? `, weights coarsened x${requantizeBy}` : ''}): accuracy ${m.accuracy.toFixed(2)}% ± ${m.accuracyStd.toFixed(2)}, ${tar}, no template ${only.size - plain.size} of ${only.size}, ${(ms / Math.max(1, chips)).toFixed(1)} ms per chip (align + embed)`,
    );
  }
}

/** The images of the first `folds` View-2 folds (all ten: every image). */
async function imagesOfFolds(folds: number): Promise<Set<string>> {
  return new Set((await pairsOfFolds(folds)).flatMap((p) => [p.a.path, p.b.path]));
}

async function pairsOfFolds(folds: number) {
  const pairs = (await loadLfwPairs(dataDir)).pairs;
  const ids = [...new Set(pairs.map((p) => p.fold))].sort((a, b) => a - b).slice(0, folds);
  return pairs.filter((p) => ids.includes(p.fold));
}

const [command, ...rest] = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = rest.indexOf(name);
  const v = i >= 0 ? Number(rest.splice(i, 2)[1]) : fallback;
  return v;
};
if (command === 'cache') await cache(Number(rest[0] ?? 0), Number(rest[1] ?? 1));
else if (command === 'cache-mesh') {
  const only = await imagesOfFolds(option('--folds', 10));
  await cacheMesh(cacheDir, Number(rest[0] ?? 0), Number(rest[1] ?? 1), only);
} else if (command === 'cache-yunet') {
  const minSide = option('--min-side', 0);
  const only = await imagesOfFolds(option('--folds', 10));
  await cacheYunet(cacheDir, Number(rest[0] ?? 0), Number(rest[1] ?? 1), minSide, only);
} else if (command === 'run') {
  const scale = option('--input-scale', 256);
  const coarse = option('--requantize', 1);
  const folds = option('--folds', 10);
  await run(rest, scale, coarse, folds);
} else
  console.error(
    'usage: lfw-alignment-ablation.ts cache <shard> <shards> | run <variant...> [--input-scale n] [--requantize k]',
  );

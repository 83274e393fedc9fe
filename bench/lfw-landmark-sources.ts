/**
 * Other landmark sources for the LFW alignment ablation (bench/lfw-alignment-ablation.ts), cached
 * per image like the 68-point landmarks: MediaPipe FaceMesh (+ Iris) on the cached SSD boxes, and
 * YuNet's own boxes and five points (optionally on images enlarged so the short side is at least
 * --min-side px). Development tool, not part of the product.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { FaceLandmarks } from '../src/faces/alignment.ts';
import { centreFace } from '../src/eval/engine-embedder.ts';
import { decodeImage } from '../src/faces/image-decode.ts';
import {
  fivePointsFromMesh,
  ibugFromMesh,
  meshEyeCentres,
  meshEyeImageLeft,
  meshEyeImageRight,
  meshForIbug,
  meshMouthImageLeft,
  meshMouthImageRight,
  meshNoseTip,
  meshPointCount,
} from '../src/faces/nets/mediapipe-geometry.ts';
import { createFaceMeshLandmarker } from '../src/faces/nets/mediapipe-facemesh.ts';
import { createFaceApiSsdDetector } from '../src/faces/nets/faceapi-ssd.ts';
import { createYunetDetector } from '../src/faces/nets/yunet.ts';
import type { Box, FivePoints, Point } from '../src/faces/types.ts';
import { sharedPath } from '../src/shared/paths.ts';

/** Named flat point lists (x0, y0, x1, y1, ...) for one image, and the border it was found with. */
export interface SideEntry {
  readonly pad: number;
  readonly box?: Box;
  readonly pts: Record<string, number[]>;
}

const dataDir = sharedPath('data');
const pad = 62;
/** The mesh points the ablation uses (eyelids, nose tip, mouth corners, iBUG stand-ins). */
const meshSubset = [
  ...new Set([
    ...meshEyeImageLeft,
    ...meshEyeImageRight,
    meshNoseTip,
    meshMouthImageLeft,
    meshMouthImageRight,
    ...meshForIbug.values(),
  ]),
].sort((a, b) => a - b);

const flat = (points: readonly Point[]) => points.flatMap((p) => [+p.x.toFixed(2), +p.y.toFixed(2)]);
const unflat = (v: readonly number[]): Point[] =>
  Array.from({ length: v.length / 2 }, (_, i) => ({ x: v[2 * i]!, y: v[2 * i + 1]! }));

async function loadRgb(path: string, padded: boolean, minSide = 0) {
  let s = sharp(await readFile(join(dataDir, path)));
  if (padded) s = s.extend({ top: pad, bottom: pad, left: pad, right: pad, background: '#000' });
  const bytes = await s.png().toBuffer();
  const img = await decodeImage(bytes);
  if (minSide <= 0 || Math.min(img.width, img.height) >= minSide) return { img, scale: 1 };
  const scale = minSide / Math.min(img.width, img.height);
  const big = await sharp(bytes)
    .resize(Math.round(img.width * scale), Math.round(img.height * scale), { kernel: 'cubic' })
    .png()
    .toBuffer();
  return { img: await decodeImage(big), scale };
}

function boxes(cacheDir: string): Record<string, { pad: number; box: Box } | null> {
  const out: Record<string, { pad: number; box: Box } | null> = {};
  mkdirSync(cacheDir, { recursive: true });
  for (const f of readdirSync(cacheDir).filter((n) => /^landmarks-\d+-of-2\.json$/.test(n)))
    Object.assign(out, JSON.parse(readFileSync(join(cacheDir, f), 'utf8')));
  return out;
}

/** The SSD box of the centre face, as the landmarks cache finds it (a border if none). */
async function ssdBox(
  det: Awaited<ReturnType<typeof createFaceApiSsdDetector>>,
  path: string,
): Promise<{ pad: number; box: Box } | null> {
  for (const padded of [false, true]) {
    const { img } = await loadRgb(path, padded);
    const f = centreFace(img.width, img.height, await det.detect(img, { minScore: 0.2, maxFaces: 10 }));
    if (f) return { pad: padded ? pad : 0, box: f.box };
  }
  return null;
}

/** FaceMesh pass 1 (box region) and pass 2 (mesh region, rotated), Iris on pass 2, per image. */
export async function cacheMesh(cacheDir: string, shard: number, shards: number, only: Set<string>): Promise<void> {
  const known = boxes(cacheDir);
  const det = await createFaceApiSsdDetector({ modelId: 'ssd', threads: 1 });
  const paths = [...only].sort().filter((_, i) => i % shards === shard);
  const entries: [string, { pad: number; box: Box } | null][] = [];
  for (const path of paths) entries.push([path, known[path] !== undefined ? known[path] : await ssdBox(det, path)]);
  const lm = await createFaceMeshLandmarker({
    modelId: 'mesh',
    landmarks: { passes: 2, rotate: true, eyes: 'iris-centre' },
  });
  const out: Record<string, SideEntry> = {};
  for (const [path, e] of entries) {
    if (!e) continue;
    const { img } = await loadRgb(path, e.pad > 0);
    const { passes } = await lm.meshPasses(img, e.box);
    const iris = await lm.irisEyes(img, passes[1]!);
    const subset = (mesh: readonly Point[]) => flat(meshSubset.map((i) => mesh[i]!));
    out[path] = {
      pad: e.pad,
      box: e.box,
      pts: { p1: subset(passes[0]!), p2: subset(passes[1]!), irisc: flat(iris.centre), irise: flat(iris.eyelid) },
    };
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, `mesh-${shard}-of-${shards}.json`), JSON.stringify(out));
}

/** YuNet's five points for the centre face, found as the engine would (a border if none). */
export async function cacheYunet(
  cacheDir: string,
  shard: number,
  shards: number,
  minSide: number,
  only?: Set<string>,
): Promise<void> {
  const entries = [...(only ?? Object.keys(boxes(cacheDir)))].sort().filter((_, i) => i % shards === shard);
  const modelPath = sharedPath('models/yunet/face_detection_yunet_2026may.onnx');
  const det = await createYunetDetector({ modelId: 'yunet', modelPath });
  const out: Record<string, SideEntry> = {};
  for (const path of entries) {
    for (const padded of [false, true]) {
      const { img, scale } = await loadRgb(path, padded, minSide);
      const f = centreFace(img.width, img.height, await det.detect(img, { minScore: 0.2, maxFaces: 10 }));
      if (!f?.fivePoints) continue;
      out[path] = {
        pad: padded ? pad : 0,
        pts: { five: flat(f.fivePoints.map((p) => ({ x: p.x / scale, y: p.y / scale }))) },
      };
      break;
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, `yunet${minSide || ''}-${shard}-of-${shards}.json`), JSON.stringify(out));
}

export function loadSideCache(cacheDir: string, name: string): Record<string, SideEntry> {
  const out: Record<string, SideEntry> = {};
  const re = new RegExp(`^${name}-\\d+-of-\\d+\\.json$`);
  for (const f of readdirSync(cacheDir).filter((n) => re.test(n)))
    Object.assign(out, JSON.parse(readFileSync(join(cacheDir, f), 'utf8')));
  return out;
}

/** Landmarks of a cached entry for an ablation variant (`mesh1`, `mesh2` + eyes/ibug, `yunet*`). */
export function meshLandmarks(s: SideEntry, source: string, parts: readonly string[]): FaceLandmarks {
  if (source.startsWith('yunet')) return { five: unflat(s.pts['five']!) as unknown as FivePoints };
  const mesh: Point[] = Array.from({ length: meshPointCount }, () => ({ x: NaN, y: NaN }));
  unflat(s.pts[source === 'mesh1' ? 'p1' : 'p2']!).forEach((p, k) => (mesh[meshSubset[k]!] = p));
  let eyes = meshEyeCentres(mesh);
  if (parts.includes('irisc')) eyes = unflat(s.pts['irisc']!) as [Point, Point];
  if (parts.includes('irise')) eyes = unflat(s.pts['irise']!) as [Point, Point];
  const five = fivePointsFromMesh(mesh, eyes);
  return parts.includes('ibug') ? { five, ibug: ibugFromMesh(mesh) } : { five };
}

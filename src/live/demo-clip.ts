/**
 * Material for the live demonstration (`vigil demo`) and the live benchmark:
 *
 * - moving clips made from still photographs: each photograph fills the frame for a few seconds
 *   while the view pans slowly across it (a camera operator sweeping a scene), one after another,
 *   encoded as H.264 at a fixed size and frame rate, as a camera would send it;
 * - the watchlist's face: the largest face of a photograph, cropped, and how alike it is to the
 *   faces of other photographs (to say honestly what the clip should and should not match);
 * - the paperwork a deployment must link before it can be authorised (R1, R26, R27), filled in
 *   and marked as a demonstration, with the bias report this repository measured (`reports/`).
 *
 * Only what a checkout and `npm install` bring is used: the sample photographs that ship with
 * `@vladmandic/face-api` (its `demo/` folder) and the repository's reports. Nothing here reads
 * `../shared`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import type { FaceEngine } from '../faces/engine.ts';
import { similarity, type FaceTemplate } from '../faces/template.ts';
import type { AssessmentService } from '../governance/assessments/assessment.service.ts';
import { attestRepositoryReportForDemo } from '../governance/assessments/demo-attestation.ts';
import { cropRegion } from '../faces/video-probe.ts';
import { DomainError } from '../shared/domain-error.ts';
import { repoRoot } from '../shared/paths.ts';
import { VideoError } from '../video/ffmpeg-frames.ts';
import type { DraftInput } from './deployment.service.ts';

/** How to install ffmpeg, for a message a newcomer can act on. */
export const ffmpegInstallHint =
  'install ffmpeg and run again: Debian or Ubuntu `sudo apt-get install ffmpeg`, Fedora `sudo dnf install ffmpeg`, ' +
  'macOS `brew install ffmpeg`, Windows `winget install ffmpeg` (then open a new terminal); ' +
  'check with `ffmpeg -version` and `ffprobe -version`';

export interface FfmpegCheck {
  /** e.g. `5.1.9-0+deb12u1`. */
  readonly version: string;
  /** libx264 is available (else the clip is encoded as MPEG-4 part 2). */
  readonly h264: boolean;
}

function run(program: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((done, fail) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: 8 << 20 }, (err, stdout, stderr) => {
      if (!err) return done(stdout);
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT')
        return fail(new VideoError('ffmpeg-missing', `${program} was not found: ${ffmpegInstallHint}`));
      fail(new Error(`${program} failed: ${stderr.trim().slice(-600) || e.message}`));
    });
  });
}

/** Checks that ffmpeg and ffprobe run; refuses with how to install them when they do not. */
export async function checkFfmpeg(tools: { ffmpeg?: string; ffprobe?: string } = {}): Promise<FfmpegCheck> {
  const version = await run(tools.ffmpeg ?? 'ffmpeg', ['-hide_banner', '-version']);
  await run(tools.ffprobe ?? 'ffprobe', ['-hide_banner', '-version']);
  const encoders = await run(tools.ffmpeg ?? 'ffmpeg', ['-hide_banner', '-encoders']);
  return {
    version: /ffmpeg version (\S+)/.exec(version)?.[1] ?? 'unknown',
    h264: /\blibx264\b/.test(encoders),
  };
}

/** The folder of face-api's sample photographs (`sample1.jpg` ... `sample6.jpg`), as installed. */
export function faceApiSampleDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
}

/** `sampleN.jpg` from face-api's demo folder; throws when the install lacks it. */
export function faceApiSample(n: number): string {
  const file = join(faceApiSampleDir(), `sample${n}.jpg`);
  if (!existsSync(file)) {
    throw new VideoError(
      'not-found',
      `${file} is missing: reinstall with \`npm install\` (@vladmandic/face-api ships it)`,
    );
  }
  return file;
}

export interface PhotoClipOptions {
  /** The photographs, shown in this order (a file may appear more than once). */
  readonly photos: readonly string[];
  /** The clip to write (.mp4). */
  readonly out: string;
  readonly secondsPerPhoto?: number;
  /**
   * Black frames after each photograph (default 1 s): everyone leaves the view between scenes, so
   * the tracker ends its tracks there and the next scene starts new ones, as people walking past a
   * camera do. Without it, a cut from one group photograph to the next continues tracks from one
   * person to another standing in the same place.
   */
  readonly gapSeconds?: number;
  readonly width?: number;
  readonly height?: number;
  readonly fps?: number;
  /** Encoder; default libx264 (a keyframe every second) when available, else mpeg4. */
  readonly h264?: boolean;
  readonly ffmpeg?: string;
}

export interface PhotoClip {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly seconds: number;
  /** Which photograph is on screen from which second to which. */
  readonly timeline: readonly { readonly photo: string; readonly fromS: number; readonly toS: number }[];
}

/**
 * Makes the clip. Each photograph is scaled to cover 120% of the frame and a frame-sized window
 * pans across it (left to right, then right to left for the next), in the upper part where
 * people's faces are in group photographs; then black for `gapSeconds`.
 */
export async function makePhotoClip(o: PhotoClipOptions): Promise<PhotoClip> {
  const width = o.width ?? 1280;
  const height = o.height ?? 720;
  const fps = o.fps ?? 25;
  const seconds = o.secondsPerPhoto ?? 2;
  const gap = o.gapSeconds ?? 1;
  if (o.photos.length === 0) throw new RangeError('a clip needs at least one photograph');
  for (const p of o.photos) if (!existsSync(p)) throw new VideoError('not-found', `${p} does not exist`);
  const coverW = Math.round((width * 1.2) / 2) * 2;
  const coverH = Math.round((height * 1.2) / 2) * 2;
  const segments = o.photos.flatMap((_, i) => {
    const along = `(iw-${width})*min(t/${seconds}\\,1)`;
    const x = i % 2 === 0 ? along : `(iw-${width})-${along}`;
    const photo =
      `[${i}:v]scale=${coverW}:${coverH}:force_original_aspect_ratio=increase,` +
      `crop=${width}:${height}:x='${x}':y='(ih-${height})*0.2',setsar=1,fps=${fps},format=yuv420p[v${i}]`;
    const black = `color=c=black:s=${width}x${height}:r=${fps}:d=${gap},setsar=1,format=yuv420p[g${i}]`;
    return gap > 0 ? [photo, black] : [photo];
  });
  const parts = o.photos.map((_, i) => (gap > 0 ? `[v${i}][g${i}]` : `[v${i}]`)).join('');
  const concat = `${parts}concat=n=${o.photos.length * (gap > 0 ? 2 : 1)}:v=1:a=0[out]`;
  const codec =
    o.h264 === false
      ? ['-c:v', 'mpeg4', '-q:v', '4']
      : ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', String(fps), '-pix_fmt', 'yuv420p'];
  await run(o.ffmpeg ?? 'ffmpeg', [
    '-nostdin',
    '-hide_banner',
    '-loglevel',
    'error',
    '-y',
    ...o.photos.flatMap((p) => ['-loop', '1', '-framerate', String(fps), '-t', String(seconds), '-i', p]),
    '-filter_complex',
    `${segments.join(';')};${concat}`,
    '-map',
    '[out]',
    '-r',
    String(fps),
    ...codec,
    '-movflags',
    '+faststart',
    o.out,
  ]);
  const step = seconds + gap;
  return {
    path: o.out,
    width,
    height,
    fps,
    seconds: step * o.photos.length,
    timeline: o.photos.map((photo, i) => ({ photo, fromS: i * step, toS: i * step + seconds })),
  };
}

/** The largest face of a photograph, cropped with a margin, as JPEG: what goes into the gallery. */
export async function largestFaceCrop(
  engine: FaceEngine,
  file: string,
): Promise<{ crop: Buffer; faces: number; template: FaceTemplate }> {
  const bytes = await readFile(file).catch(() => {
    throw new DomainError('not-found', 'unreadable', `cannot read ${file}`);
  });
  const analysis = await engine.analyse(bytes, { embed: 'all' });
  const face = analysis.faces[0];
  if (!face?.template) throw new DomainError('invalid', 'no-face', `${file}: no face found to enrol`);
  const r = cropRegion(face.box, 0.5, analysis.width, analysis.height);
  const crop = await sharp(bytes)
    .rotate()
    .extract({ left: r.x, top: r.y, width: r.width, height: r.height })
    .jpeg({ quality: 92 })
    .toBuffer();
  return { crop, faces: analysis.faces.length, template: face.template };
}

/** The best similarity between the enrolled face and any face in each photograph. */
export async function bestSimilarities(engine: FaceEngine, enrolled: FaceTemplate, photos: readonly string[]) {
  const out: { photo: string; best: number }[] = [];
  for (const photo of photos) {
    const a = await engine.analyse(await readFile(photo), { embed: 'all' });
    const scores = a.faces.flatMap((f) => (f.template ? [similarity(enrolled, f.template)] : []));
    out.push({ photo: basename(photo), best: Math.max(-1, ...scores) });
  }
  return out;
}

const DEMO = 'DEMONSTRATION ONLY';
/** Versions of the demonstration's assessments, as the deployment names them (R26). */
export const demoAssessmentVersions = { dpia: 'DEMO-DPIA-1', eia: 'DEMO-EIA-1', policy: 'DEMO-POLICY-1' } as const;

/** A deployment with every R1 field filled in, each saying it is a demonstration. */
export function demoDeploymentDraft(o: {
  readonly name: string;
  readonly liveSeconds: number;
  readonly category: string;
  readonly threshold: number;
  readonly now?: number;
}): DraftInput {
  const now = o.now ?? Date.now();
  return {
    name: `${DEMO}: ${o.name}`,
    deployment_type: 'overt LFR, demonstration (no policing purpose)',
    policing_objective: `${DEMO}: show how alerts arrive and how the deployment record is produced`,
    intelligence_case: `${DEMO}: none; the watchlisted face is a public sample photograph, not a person of interest`,
    location_name: `${DEMO}: a video clip played on this computer`,
    location_boundary: 'the frame of the clip; no public place is filmed',
    location_reason: 'the clip is made so that the watchlisted face appears in it',
    planned_start: new Date(now - 60_000).toISOString(),
    planned_end: new Date(now + o.liveSeconds * 1000 + 10 * 60_000).toISOString(),
    categories: [o.category],
    camera_count: 1,
    planned_footfall: 100,
    threshold: o.threshold,
    dpia_version: demoAssessmentVersions.dpia,
    eia_version: demoAssessmentVersions.eia,
    policy_version: demoAssessmentVersions.policy,
    notice: { publishedAt: new Date(now - 60_000).toISOString(), signage: `${DEMO}: no public place is filmed` },
  };
}

/** The bias report this repository measured for a model (`vigil eval demographics`), if it has one. */
export function repositoryBiasReportPath(modelId: string): string {
  return join(repoRoot, 'reports', `demographics-${modelId}.json`);
}

/**
 * Records the demonstration's DPIA, equality impact assessment and policy document (each saying
 * that it is not a real one) and stores the repository's bias report for the model (R26, R27).
 */
export async function recordDemoAssessments(
  assessments: Pick<AssessmentService, 'addAssessment' | 'addBiasReport' | 'find' | 'evaluationKeyFile'>,
  modelId: string,
  actor: string,
): Promise<{ biasReport: string }> {
  const file = repositoryBiasReportPath(modelId);
  if (!existsSync(file)) {
    throw new DomainError(
      'unavailable',
      'no-bias-report',
      `R27: ${file} is missing, so no bias report covers ${modelId}; run \`vigil eval demographics\` first`,
    );
  }
  const approvedAt = new Date().toISOString();
  const kinds = [
    ['dpia', 'data protection impact assessment'],
    ['eia', 'equality impact assessment'],
    ['policy', 'policy document'],
  ] as const;
  for (const [kind, title] of kinds) {
    const summary = `${DEMO}: no ${title} was carried out; the demonstration processes no member of the public`;
    const input = { kind, version: demoAssessmentVersions[kind], title: `${DEMO}: ${title}`, summary };
    if (await assessments.find(kind, input.version)) continue; // a named data directory used before
    await assessments.addAssessment({ ...input, approvedBy: actor, approvedAt }, actor);
  }
  // R27: stored only attested; the demonstration's own key re-attests the repository's measured report.
  await assessments.addBiasReport(
    attestRepositoryReportForDemo(file, await readFile(file), assessments.evaluationKeyFile),
    actor,
  );
  return { biasReport: file };
}

/**
 * `vigil demo`: live facial recognition on this computer with nothing but what `npm install`
 * brings. A moving clip is made with ffmpeg from face-api's sample photographs; one woman's face,
 * cropped from sample1.jpg, is enrolled and put on the watchlist of a deployment drawn up with
 * every R1 field (marked as a demonstration), authorised by a second person (R30), and run live
 * on the clip as a looping camera. Alerts print as they arrive, camera status every few seconds;
 * at the end the deployment closes (watchlist biometrics destroyed, R10) and its record (R24) is
 * printed and written as CSV and JSON (demo-report.ts). Runs in-process: the same services
 * `vigil serve` uses.
 */
import { pipelineIdOf } from '../../faces/pipeline-id.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { enhanceProbe, videoProbeAnalyser } from '../../app/media-adapters.ts';
import { openServices, type VigilServices } from '../../app/services.ts';
import type { AlertEvent } from '../../live/alert.service.ts';
import type { CameraStatus } from '../../live/camera-status.ts';
import { deploymentRecord } from '../../live/deployment-record.ts';
import {
  bestSimilarities,
  checkFfmpeg,
  demoDeploymentDraft,
  faceApiSample,
  largestFaceCrop,
  makePhotoClip,
  recordDemoAssessments,
} from '../../live/demo-clip.ts';
import type { CliContext } from '../context.ts';
import { UsageError } from '../output.ts';
import {
  alertLine,
  printClosed,
  statusLine,
  writeDeploymentRecord,
  type AlertLine,
  type StatusLine,
} from './demo-report.ts';

interface DemoOptions {
  seconds: number;
  clip?: string;
  enrol?: string;
  pack: string;
  fps?: number;
  dataDir?: string;
  out?: string;
  keep?: boolean;
}

const people = { planner: 'demo-planner', authoriser: 'demo-authoriser', operator: 'demo-operator' } as const;

const number = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${name} must be a number from ${min} to ${max}`);
  return n;
};

export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('live facial recognition on a clip made from sample photos: alerts live, then the deployment record')
    .option('--seconds <n>', 'how long the deployment stays live (default 30)', number('--seconds', 1, 86_400), 30)
    .option('--clip <file>', 'use this video file as the camera (looped) instead of the sample clip; needs --enrol')
    .option('--enrol <image>', "photograph of the watchlist's person (its largest face is enrolled)")
    .option('--pack <name>', 'model pack (default: default, the SSD detector)', 'default')
    .option('--fps <n>', 'frames analysed per second (default: live.analysisFps)', number('--fps', 0.1, 30))
    .option('--data-dir <dir>', 'keep the database and media here (default: a temporary directory, removed)')
    .option('--out <dir>', 'where the deployment record is written (default: a new folder in the temp directory)')
    .option('--keep', 'keep the clip and the temporary data directory')
    .action((opts: DemoOptions) => runDemo(ctx, opts));
}

async function runDemo(ctx: CliContext, o: DemoOptions): Promise<void> {
  const json = ctx.out.json;
  const say = (line = '') => {
    if (!json) process.stdout.write(`${line}\n`);
  };
  if (o.clip && !o.enrol) throw new UsageError('--clip needs --enrol <image>: whose face should the watchlist hold?');
  if (o.clip && !existsSync(o.clip)) throw new UsageError(`${o.clip} does not exist`, 'not-found');
  const ffmpeg = await checkFfmpeg();
  const work = mkdtempSync(join(tmpdir(), 'vigil-demo-'));
  const dataDir = resolve(o.dataDir ?? join(work, 'data'));
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const outDir = resolve(o.out ?? join(tmpdir(), `vigil-demo-record-${stamp}`));
  const notes: string[] = [];
  // Ctrl-C (or SIGTERM) ends the live phase; before it, the demonstration stops at the next step.
  let interrupted = false;
  let stop = () => undefined as void;
  const onSignal = () => {
    interrupted = true;
    stop();
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const checkpoint = () => {
    if (interrupted) throw new UsageError('interrupted before going live', 'interrupted');
  };
  // The sample clip is made while the engine starts (it is remade if the fallback below applies).
  const samplePhotos = [2, 3, 4, 5, 6].map(faceApiSample);
  const clipOf = (photos: readonly string[]) =>
    makePhotoClip({ photos, out: join(work, `demo-clip-${photos.length}.mp4`), h264: ffmpeg.h264 });
  const sampleClip = o.clip ? undefined : clipOf(samplePhotos);
  sampleClip?.catch(() => undefined);
  let services: VigilServices | undefined;
  say('Vigil live facial recognition: a demonstration');
  say(`  ffmpeg ${ffmpeg.version}; work folder ${work}${o.keep ? ' (kept)' : ' (removed at the end)'}`);
  try {
    const engine = await ctx.engine(o.pack);
    // The camera reads the clip: its folder is a camera folder here (issue 12: cameras read only from configured folders).
    const clipFolder = o.clip ? dirname(realpathSync(o.clip)) : work;
    const sources = ctx.config.live.cameraSources;
    const cameraSources = { ...sources, fileRoots: [...(sources.fileRoots ?? [join(dataDir, 'footage')]), clipFolder] };
    const live = { ...ctx.config.live, cameraSources, ...(o.fps ? { analysisFps: o.fps } : {}) };
    const config = { ...ctx.config, dataDir, databaseUrl: undefined, keyFile: undefined, live };
    // A temporary installation gets a throwaway media key; a named data directory keeps its own.
    const env = o.dataDir === undefined ? { VIGIL_MEDIA_KEY: randomBytes(32).toString('base64') } : process.env;
    services = await openServices({
      config,
      env,
      engine,
      calibrations: ctx.calibrations,
      analyseVideo: videoProbeAnalyser(engine, config),
      enhance: enhanceProbe(config),
    });
    const s = services;
    const threshold = s.thresholdInForce(pipelineIdOf(engine.pack)).threshold;
    say(
      `  pack ${engine.pack.name} (${engine.pack.detector.kind} detector), ${engine.workers} worker(s); data ${dataDir}`,
    );

    // The watchlist's person: a face cropped from one photograph, enrolled in the gallery.
    const enrolFrom = resolve(o.enrol ?? faceApiSample(1));
    const from = basename(enrolFrom);
    const { crop, faces, template } = await largestFaceCrop(engine, enrolFrom);
    // A named data directory may hold an earlier run's demonstration subject: each run enrols its own.
    const reference = o.dataDir === undefined ? 'DEMO-0001' : `DEMO-${stamp}`;
    if (faces > 1) notes.push(`${from} shows ${faces} faces; the largest was enrolled`);
    const enrolled = await s.gallery.createSubject(
      {
        reference,
        displayName: `demonstration person (face from ${from})`,
        images: [
          {
            bytes: crop,
            source: `demonstration: face cropped from ${from}`,
            legalBasis: 'demonstration only: not a person of interest',
            reason: 'vigil demo',
          },
        ],
      },
      // The demonstration's own planner persona, in the demonstration's data directory.
      { username: people.planner, roles: ['watchlist-manager'] },
    );
    say(`  gallery: enrolled ${reference}, a face cropped from ${from}`);

    // The camera: the user's clip, or the clip of the other sample photographs.
    let clip: { path: string; photos: string[] } = { path: resolve(o.clip ?? ''), photos: [] };
    if (sampleClip) {
      const scores = await bestSimilarities(engine, template, samplePhotos);
      const matches = scores.filter((x) => x.best >= threshold);
      let photos = samplePhotos;
      if (matches.length > 0) {
        const list = matches.map((m) => `${m.photo} (similarity ${m.best.toFixed(3)})`).join(', ');
        notes.push(
          `${list} ${matches.length > 1 ? 'appear' : 'appears'} to show the same person as ${from} in a different ` +
            `photograph. The clip does not contain ${from} itself, so an alert is a match across photographs; ` +
            'Vigil is not told in which scene to look.',
        );
      } else {
        photos = [samplePhotos[0]!, enrolFrom, ...samplePhotos.slice(1)];
        notes.push(
          `no other sample photograph reaches the threshold ${threshold.toFixed(4)}, so the clip also shows ${from}, ` +
            'the photograph the enrolled face was cropped from: an alert on it shows the pipeline working, not ' +
            'recognition across photographs',
        );
      }
      const made = photos === samplePhotos ? await sampleClip : await clipOf(photos);
      clip = { path: made.path, photos: photos.map((p) => basename(p)) };
      say(
        `  clip: ${made.seconds} s, ${made.width}x${made.height} at ${made.fps} fps, panning across ${clip.photos.join(', ')}`,
      );
    }
    if (o.clip) say(`  clip: ${clip.path} (yours, played in a loop)`);
    for (const n of notes) say(`  note: ${n}`);
    checkpoint();

    // The deployment: drawn up and its watchlist compiled by one person, authorised by another (R30).
    const category = config.live.categories[0] ?? 'wanted by the courts';
    const draft = demoDeploymentDraft({
      name: 'live recognition on a clip',
      liveSeconds: o.seconds,
      category,
      threshold,
    });
    const d = await s.deployments.create(draft, people.planner);
    // R26, R27: the assessments it names (marked as demonstrations) and the model's measured bias report.
    const { biasReport } = await recordDemoAssessments(s.assessments, pipelineIdOf(engine.pack), people.authoriser);
    const entry = { subjectId: enrolled.subject.id, category, reason: 'demonstration' };
    await s.watchlists.addEntry(d.id, entry, people.planner);
    const source = { kind: 'file' as const, path: clip.path, loop: true };
    const camera = await s.deployments.addCamera(d.id, 'demo camera 1', source, people.planner);
    const forecast = await s.deployments.forecast(d.id);
    await s.deployments.authorise(d.id, 'authorised for a demonstration only', people.authoriser);
    say(`  deployment ${d.id}: drawn up by ${people.planner}, authorised by ${people.authoriser}`);
    say(`  bias report on record (R27): ${relative(process.cwd(), biasReport) || biasReport}`);
    say(
      `  threshold ${threshold.toFixed(4)}; expected false alerts for ${d.planned_footfall} faces: ` +
        forecast.expectedFalseAlerts.toPrecision(2),
    );
    checkpoint();

    const alerts: AlertLine[] = [];
    const statuses: StatusLine[] = [];
    const unsubscribe = s.alerts.subscribe(d.id, (e: AlertEvent) => {
      if (e.type === 'alert') alerts.push(alertLine(e, camera.name, say));
    });
    const stopped = new Promise<void>((done) => (stop = done));
    const started = Date.now();
    await s.deployments.start(d.id, people.operator);
    say(`  LIVE for ${o.seconds} s (Ctrl-C stops early), analysing ${live.analysisFps} frames/s`);
    const end = setTimeout(stop, o.seconds * 1000);
    const tick = setInterval(() => {
      const c = s.runner.status(d.id)?.cameras[camera.id] as CameraStatus | undefined;
      if (!c) return;
      statuses.push(statusLine(camera.name, c, say));
      if (c.state === 'failed' || c.state === 'ended') stop();
    }, 5000);
    await stopped;
    clearTimeout(end);
    clearInterval(tick);
    const closed = await s.deployments.close(d.id, people.operator, 'stopped');
    unsubscribe();
    const liveSeconds = (Date.now() - started) / 1000;

    const counts = await s.deployments.counts(d.id);
    const record = deploymentRecord(closed, await s.alerts.list(d.id, { limit: 100_000, offset: 0 }), 1, counts);
    const files = writeDeploymentRecord(outDir, record);
    printClosed(say, { liveSeconds, counts, alerts: alerts.length, record, files });
    if (json) {
      ctx.out.result(
        {
          ffmpeg,
          pack: engine.pack.name,
          threshold,
          enrolledFrom: enrolFrom,
          clip,
          deploymentId: d.id,
          biasReport,
          expectedFalseAlerts: forecast.expectedFalseAlerts,
          liveSeconds,
          counts,
          alerts,
          cameraStatus: statuses,
          record,
          files,
          notes,
          kept: Boolean(o.keep),
        },
        () => '',
      );
    }
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await services?.close();
    await sampleClip?.catch(() => undefined);
    if (!o.keep) rmSync(work, { recursive: true, force: true });
  }
}

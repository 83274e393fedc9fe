// Video probes (R37) on the shared clips with the real engine (default pack, SSD detector).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { FaceEngine } from './engine.ts';
import { builtInPacks } from './packs.ts';
import { sharedPath } from '../shared/paths.ts';
import { VideoError } from '../video/ffmpeg-frames.ts';
import {
  cropRegion,
  probeUploadedVideo,
  probeVideoFaces,
  trackerOptionsFor,
  type VideoProbeResult,
} from './video-probe.ts';

const clip = (...p: string[]) => sharedPath('data', 'video', ...p);
const street = { kind: 'file', path: clip('facenet_pytorch', 'video.mp4') } as const;
const fromBehind = { kind: 'file', path: clip('intel_sample_videos', 'one-by-one-person-detection.mp4') } as const;
let engine: FaceEngine;
let dir: string;
let everyTrack: VideoProbeResult;

before(async () => {
  const [pack] = await builtInPacks();
  engine = await FaceEngine.start({ pack: pack!, workers: 2 });
  dir = await mkdtemp(join(tmpdir(), 'vigil-video-probe-test-'));
  everyTrack = await probeVideoFaces(engine, street, { fps: 2, includeBelowQuality: true });
});
after(async () => {
  await engine.close();
  await rm(dir, { recursive: true, force: true });
});

test('the street clip gives several tracks, each with a JPEG crop of its best face and the whole frame', async () => {
  const r = everyTrack;
  assert.deepEqual(r.sampling, { fps: 2, width: 1920, height: 1080 });
  assert.equal(r.counts.framesSampled, 9);
  assert.ok(r.tracks.length >= 4, `${r.tracks.length} tracks`);
  assert.ok(
    r.tracks.some((t) => t.frames >= 4),
    'some people are followed over several frames',
  );
  assert.equal(
    r.counts.facesDetected,
    r.tracks.reduce((n, t) => n + t.frames, 0),
    'every face is in a track',
  );
  assert.deepEqual(
    r.tracks.map((t) => t.trackId),
    r.tracks.map((_, i) => i + 1),
  );
  for (const t of r.tracks) {
    assert.ok(t.firstMs <= t.best.timestampMs && t.best.timestampMs <= t.lastMs);
    assert.equal(t.observations.length, t.frames);
    const crop = await sharp(t.best.crop).metadata();
    assert.equal(crop.format, 'jpeg');
    assert.deepEqual([crop.width, crop.height], [t.best.cropBox.width, t.best.cropBox.height]);
    assert.ok(t.best.cropBox.width > t.best.box.width * 0.99, 'the crop has a margin around the face');
    const frame = await sharp(t.best.frame).metadata();
    assert.deepEqual([frame.format, frame.width, frame.height], ['jpeg', 1920, 1080]);
    assert.equal(t.best.template !== undefined, t.best.quality?.passed === true, 'templates only for searchable faces');
  }
});

test('by default only tracks whose best face passes the quality gates come back; the rest are counted (R15)', async () => {
  const r = await probeVideoFaces(engine, street, { fps: 2, minTrackFrames: 2 });
  const passing = everyTrack.tracks.filter((t) => t.best.quality?.passed);
  const long = passing.filter((t) => t.frames >= 2);
  assert.ok(long.length >= 1);
  assert.deepEqual(
    r.tracks.map((t) => t.observations),
    long.map((t) => t.observations),
  );
  assert.ok(r.tracks.every((t) => t.best.quality?.passed && t.best.template?.vector.length === 128));
  assert.equal(r.counts.tracksBelowQuality, everyTrack.tracks.length - passing.length);
  assert.equal(r.counts.tracksTooShort, passing.length - long.length);
  assert.equal(r.counts.tracksFound, everyTrack.counts.tracksFound);
  const reasons = Object.values(r.counts.facesBelowQuality).reduce((a, b) => a + b, 0);
  assert.ok(reasons >= r.counts.facesDetected - r.counts.facesPassing && r.counts.facesBelowQuality.blurred > 0);
});

test('holding fewer frames encodes crops earlier, with the same result', async () => {
  const r = await probeVideoFaces(engine, street, { fps: 2, includeBelowQuality: true, maxRetainedFrames: 1 });
  assert.deepEqual(
    r.tracks.map((t) => [t.best.frameIndex, t.best.crop.length, t.best.frame.length]),
    everyTrack.tracks.map((t) => [t.best.frameIndex, t.best.crop.length, t.best.frame.length]),
  );
  assert.ok(r.tracks.every((t, i) => t.best.crop.equals(everyTrack.tracks[i]!.best.crop)));
});

test('people seen from behind give no searchable track; the whole clip is sampled within maxFrames', async () => {
  const r = await probeVideoFaces(engine, fromBehind, { maxFrames: 20 });
  assert.equal(r.counts.framesSampled, 20);
  assert.ok(Math.abs(r.sampling.fps - 20 / 139.4) < 1e-6);
  assert.deepEqual(r.tracks, []);
  assert.deepEqual(r.warnings, []);
});

test('an uploaded MP4 cut before its index is refused as truncated; the temporary file is gone', async () => {
  const bytes = await readFile(street.path);
  await assert.rejects(
    probeUploadedVideo(engine, bytes.subarray(0, Math.floor(bytes.length * 0.6)), { tempDir: dir }),
    (e: unknown) => e instanceof VideoError && e.code === 'truncated',
  );
  assert.deepEqual(await readdir(dir), []);
});

test('an uploaded MP4 cut after its index is probed up to the cut, with a truncated warning', async () => {
  const bytes = await readFile(fromBehind.path);
  const cut = bytes.subarray(0, Math.floor(bytes.length * 0.3));
  const r = await probeUploadedVideo(engine, cut, { tempDir: dir, maxFrames: 40 });
  assert.ok(r.counts.framesSampled >= 8 && r.counts.framesSampled < 20, `${r.counts.framesSampled} frames`);
  assert.deepEqual(
    r.warnings.map((w) => w.code),
    ['truncated'],
  );
  assert.deepEqual(await readdir(dir), []);
});

test('an abort signal stops the probe', async () => {
  const ac = new AbortController();
  const pending = probeVideoFaces(engine, fromBehind, { fps: 2, signal: ac.signal });
  setTimeout(() => ac.abort(new Error('cancelled by the investigator')), 300);
  await assert.rejects(pending, /cancelled by the investigator/);
});

test('crop regions keep a margin and stay inside the frame; the appearance gate comes from calibration', () => {
  assert.deepEqual(cropRegion({ x: 100, y: 50, width: 40, height: 60 }, 0.5, 1000, 1000), {
    x: 80,
    y: 20,
    width: 80,
    height: 120,
  });
  assert.deepEqual(cropRegion({ x: 5, y: 990, width: 40, height: 40 }, 0.5, 1000, 1000), {
    x: 0,
    y: 970,
    width: 65,
    height: 30,
  });
  const calibrated = trackerOptionsFor(engine).minSimilarity;
  assert.ok(calibrated !== undefined && calibrated > 0.85 && calibrated < 0.95, `${calibrated}`);
  assert.equal(trackerOptionsFor(engine, { minSimilarity: undefined }).minSimilarity, undefined);
});

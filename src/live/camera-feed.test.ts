// Camera feeds over real ffmpeg: files (once and looped), folders, HTTP (MJPEG, HLS), RTSP from the
// local test server, drops and reconnects with gaps, sources that never answer, slow consumers, and
// that stop() leaves no ffmpeg or ffprobe behind.
import { spawn, spawnSync } from 'node:child_process';
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import sharp from 'sharp';
import { startCameraFeed, type CameraEvent, type CameraFeed, type CameraFeedOptions } from './camera-feed.ts';
import { startRtspTestServer } from '../../test/support/rtsp-server.ts';
import { inputArgs } from '../video/video-source.ts';
import { sharedPath } from '../shared/paths.ts';

const street = sharedPath('data', 'video', 'facenet_pytorch', 'video.mp4');
let dir: string;
let http: Server;
let httpUrl: string;
let tools: { ffmpeg: string; ffprobe: string };
const mjpegRequests: { stallAfterMs?: number }[] = [];

const run = (args: string[]) => assert.equal(spawnSync('ffmpeg', ['-v', 'error', '-y', ...args]).status, 0);
const testsrc = (seconds: number) => ['-f', 'lavfi', '-i', `testsrc=size=320x240:rate=10`, '-t', String(seconds)];
const x264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p'];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-camera-test-'));
  run([...testsrc(2), ...x264, join(dir, 'two-seconds.mp4')]);
  run([...testsrc(1), ...x264, join(dir, 'one-second.mp4')]);
  await mkdir(join(dir, 'hls'));
  run([
    ...testsrc(3),
    ...x264,
    '-f',
    'hls',
    '-hls_time',
    '1',
    '-hls_playlist_type',
    'vod',
    join(dir, 'hls', 'index.m3u8'),
  ]);
  // ffmpeg and ffprobe that record their process ids, so a test can check none is left running.
  const pids = join(dir, 'pids');
  await writeFile(pids, '');
  tools = { ffmpeg: join(dir, 'ffmpeg.sh'), ffprobe: join(dir, 'ffprobe.sh') };
  for (const [path, program] of [
    [tools.ffmpeg, 'ffmpeg'],
    [tools.ffprobe, 'ffprobe'],
  ] as const) {
    await writeFile(path, `#!/bin/sh\necho $$ >> '${pids}'\nexec ${program} "$@"\n`);
    await chmod(path, 0o700);
  }
  // MJPEG (multipart) made by ffmpeg in real time at 10 fps; a request may stall (stop sending, stay open).
  http = createHttpServer((req, res) => {
    if (req.url?.startsWith('/hls/'))
      return void createReadStream(join(dir, req.url))
        .on('error', () => res.end())
        .pipe(res);
    const plan = mjpegRequests.shift() ?? {};
    res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace;boundary=ffmpeg' });
    const args = ['-v', 'error', '-re', ...testsrc(60), '-f', 'mpjpeg', '-q:v', '8', '-'];
    const p = spawnFfmpeg(args);
    p.stdout.pipe(res);
    if (plan.stallAfterMs !== undefined) setTimeout(() => (p.stdout.unpipe(res), p.kill('SIGKILL')), plan.stallAfterMs);
    res.on('close', () => p.kill('SIGKILL'));
  });
  http.listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
after(async () => {
  http.closeAllConnections();
  http.close();
  await rm(dir, { recursive: true, force: true });
});

const spawnFfmpeg = (args: string[]) => spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'ignore'] });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const recordedPids = async () => (await readFile(join(dir, 'pids'), 'utf8')).split('\n').filter(Boolean).map(Number);

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await delay(20);
  }
}

interface Seen {
  readonly seq: number;
  readonly capturedAt: number;
  readonly connection: number;
  readonly width: number;
  readonly height: number;
}
/** Starts a feed and a consumer that keeps what each frame was (not its pixels). */
function watch(t: TestContext, options: Omit<CameraFeedOptions, 'onEvent'>) {
  const events: CameraEvent[] = [];
  const frames: Seen[] = [];
  const feed: CameraFeed = startCameraFeed({ tools, ...options, onEvent: (e) => events.push(e) });
  t.after(() => feed.stop()); // also when an assertion fails
  const consumed = (async () => {
    for await (const f of feed) {
      const { seq, capturedAt, connection, image } = f;
      frames.push({ seq, capturedAt, connection, width: image.width, height: image.height });
    }
  })();
  return { feed, events, frames, consumed };
}

test('a file at a low analysis rate: increasing seq and capturedAt, played in real time, then it ends', async (t) => {
  const { feed, frames, consumed, events } = watch(t, {
    source: { kind: 'file', path: join(dir, 'two-seconds.mp4') },
    analysisFps: 4,
  });
  await consumed;
  assert.ok(frames.length >= 8 && frames.length <= 9, `${frames.length} frames`);
  assert.deepEqual(
    frames.map((f) => f.seq),
    frames.map((_, i) => i),
  );
  for (let i = 1; i < frames.length; i++) assert.ok(frames[i]!.capturedAt >= frames[i - 1]!.capturedAt);
  const span = frames[7]!.capturedAt - frames[0]!.capturedAt;
  assert.ok(span >= 1600 && span <= 2200, `8 frames at 4 fps span ${span} ms`);
  const s = feed.status();
  assert.equal(s.state, 'ended');
  assert.deepEqual([s.framesReceived, s.reconnects, s.gapCount], [frames.length, 0, 0]);
  assert.deepEqual(s.output, { width: 320, height: 240, fps: 4 });
  assert.deepEqual(
    events.filter((e) => e.type === 'state').map((e) => e.state),
    ['connecting', 'connected', 'ended'],
  );
});

test('a looped file keeps going until stop(), which leaves no ffmpeg running', async (t) => {
  const before = new Set(await recordedPids());
  const { feed, frames, consumed } = watch(t, {
    source: { kind: 'file', path: join(dir, 'one-second.mp4'), loop: true },
    analysisFps: 5,
  });
  await until(() => frames.some((f) => f.connection >= 3), 8000, 'a third pass');
  const started = Date.now();
  await feed.stop();
  assert.ok(Date.now() - started < 1000, 'stop is prompt');
  await consumed;
  const s = feed.status();
  assert.equal(s.state, 'stopped');
  assert.equal(s.gapCount, 0, 'looping is not a gap');
  assert.deepEqual(
    frames.map((f) => f.seq),
    frames.map((_, i) => i),
    'seq runs on across loops',
  );
  const mine = (await recordedPids()).filter((p) => !before.has(p));
  assert.ok(mine.length >= 3, 'ffmpeg ran for each pass');
  assert.deepEqual(mine.filter(alive), [], 'no ffmpeg or ffprobe left');
});

test('a folder of images plays as a camera and ends', async (t) => {
  const folder = join(dir, 'stills');
  await mkdir(folder);
  for (const [i, name] of ['b.png', 'a.png'].entries()) {
    await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: i * 200, g: 0, b: 0 } } })
      .png()
      .toFile(join(folder, name));
  }
  const { feed, frames, consumed } = watch(t, { source: { kind: 'folder', path: folder, fps: 10 }, analysisFps: 10 });
  await consumed;
  assert.deepEqual(
    frames.map((f) => [f.seq, f.width]),
    [
      [0, 40],
      [1, 40],
    ],
  );
  assert.equal(feed.status().state, 'ended');
});

test('http MJPEG: frames at the analysis rate by arrival; a stream that stalls is dropped and reconnected', async (t) => {
  mjpegRequests.push({}, { stallAfterMs: 3000 }); // the probe's request, then the decode's stalls
  const { feed, frames, events, consumed } = watch(t, {
    source: { kind: 'http', url: `${httpUrl}/camera.mjpg` },
    analysisFps: 5,
    stallTimeoutMs: 600,
    backoff: { initialMs: 100, jitter: 0 },
  });
  await until(() => feed.status().gapCount === 1 && feed.status().state === 'connected', 10_000, 'a reconnect');
  const gap = feed.status().gaps[0]!;
  assert.equal(gap.reason, 'stalled');
  assert.ok(gap.to !== undefined && gap.to > gap.from);
  const firstRun = frames.filter((f) => f.connection === 1);
  assert.ok(firstRun.length >= 4, `${firstRun.length} frames before the stall`);
  const steps = firstRun.slice(1).map((f, i) => f.capturedAt - firstRun[i]!.capturedAt);
  const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
  assert.ok(mean > 140 && mean < 280, `5 fps from a 10 fps camera: ${mean.toFixed(0)} ms apart`);
  assert.ok(events.some((e) => e.type === 'gap' && e.gap.to === undefined && e.gap.reason === 'stalled'));
  await feed.stop();
  await consumed;
});

test('http HLS: a playlist is played in real time', async (t) => {
  const { feed, frames, consumed } = watch(t, {
    source: { kind: 'http', url: `${httpUrl}/hls/index.m3u8` },
    analysisFps: 5,
  });
  await until(() => frames.length >= 5, 8000, 'five frames');
  const span = frames[4]!.capturedAt - frames[0]!.capturedAt;
  assert.ok(span >= 650, `paced, not a burst: ${span} ms for 4 intervals`);
  assert.deepEqual([frames[0]!.width, frames[0]!.height], [320, 240]);
  await feed.stop();
  await consumed;
});

test('rtsp: the street clip from the local test server; a camera that drops and comes back leaves a gap', async (t) => {
  const server = await startRtspTestServer({ clip: street });
  const pidsBefore = new Set(await recordedPids());
  try {
    const { feed, frames, consumed } = watch(t, {
      cameraId: 'cam-1',
      source: { kind: 'rtsp', url: server.url },
      analysisFps: 4,
      maxWidth: 640,
      backoff: { initialMs: 200, jitter: 0 },
    });
    await until(() => frames.length >= 4, 15_000, 'frames over RTSP');
    assert.deepEqual([frames[0]!.width, frames[0]!.height], [640, 360]);
    assert.equal(feed.status().state, 'connected');
    const lastBefore = frames.at(-1)!.capturedAt;
    await server.setAvailable(false); // the camera goes away, and refuses connections for a while
    await until(() => feed.status().reconnects >= 2, 5000, 'failed reconnects');
    assert.equal(feed.status().state, 'reconnecting');
    assert.equal(feed.status().gaps[0]?.to, undefined, 'the gap is open');
    await server.setAvailable(true);
    await until(() => frames.some((f) => f.connection > 1), 15_000, 'frames after the reconnect');
    const s = feed.status();
    assert.equal(s.state, 'connected');
    const gap = s.gaps[0]!;
    assert.ok(['source-ended', 'source-failed'].includes(gap.reason), gap.reason);
    const firstAfter = frames.find((f) => f.connection > 1)!;
    assert.ok(gap.from >= lastBefore && gap.to === firstAfter.capturedAt, JSON.stringify(gap));
    assert.ok(gap.attempts >= 2 && s.gapMs >= gap.to - gap.from);
    assert.ok(firstAfter.seq === frames[frames.indexOf(firstAfter) - 1]!.seq + 1, 'seq runs on');
    await feed.stop();
    await consumed;
    const mine = (await recordedPids()).filter((p) => !pidsBefore.has(p));
    assert.deepEqual(mine.filter(alive), [], 'no ffmpeg or ffprobe left');
    await until(() => server.publisherPids().length === 0, 2000, 'the server to stop its publishers');
  } finally {
    await server.stop();
  }
});

test('a URL that never answers stays reconnecting with growing backoff; stop() ends it promptly', async (t) => {
  const held: Socket[] = [];
  const silent = createTcpServer((s) => held.push(s)).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  const pidsBefore = new Set(await recordedPids());
  try {
    const { feed, events, consumed } = watch(t, {
      source: { kind: 'rtsp', url: `rtsp://127.0.0.1:${(silent.address() as AddressInfo).port}/cam` },
      analysisFps: 5,
      connectTimeoutMs: 250,
      backoff: { initialMs: 100, factor: 2, maxMs: 1000, jitter: 0 },
    });
    await until(() => events.filter((e) => e.type === 'retry').length >= 3, 5000, 'three retries');
    await delay(150); // in the middle of the next attempt
    const retries = events.flatMap((e) => (e.type === 'retry' ? [e.delayMs] : []));
    assert.deepEqual(retries.slice(0, 3), [100, 200, 400]);
    const s = feed.status();
    assert.equal(s.state, 'reconnecting');
    assert.equal(s.framesReceived, 0);
    assert.equal(s.gaps[0]?.reason, 'connect-failed');
    assert.match(s.lastError ?? '', /took too long/);
    const started = Date.now();
    await feed.stop();
    assert.ok(Date.now() - started < 1000, `stop took ${Date.now() - started} ms`);
    await consumed;
    assert.equal(feed.status().state, 'stopped');
    const mine = (await recordedPids()).filter((p) => !pidsBefore.has(p));
    assert.ok(mine.length >= 3);
    assert.deepEqual(mine.filter(alive), [], 'no ffprobe left');
  } finally {
    for (const s of held) s.destroy();
    silent.close();
  }
});

test('backoff runs on the injected sleep and clock; the gap starts at the clock time', async (t) => {
  const probe = createTcpServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r)); // nothing listens there now: connections are refused
  const slept: number[] = [];
  const { feed, consumed } = watch(t, {
    source: { kind: 'http', url: `http://127.0.0.1:${port}/stream` },
    analysisFps: 5,
    backoff: { initialMs: 100, factor: 3, maxMs: 2000, jitter: 0.5 },
    random: () => 0.5,
    now: () => 1_000_000,
    sleep: async (ms, signal) => {
      slept.push(ms);
      signal.throwIfAborted();
    },
  });
  await until(() => slept.length >= 5, 10_000, 'five retries');
  await feed.stop();
  await consumed;
  assert.deepEqual(slept.slice(0, 5), [100, 300, 900, 2000, 2000]);
  const s = feed.status();
  assert.deepEqual([s.gaps[0]?.from, s.gaps[0]?.reason, s.gapMs], [1_000_000, 'connect-failed', 0]);
  assert.ok(s.reconnects >= 5);
});

test('a slow consumer costs counted drops of the oldest frames, never a growing queue', async (t) => {
  const feed = startCameraFeed({
    tools,
    source: { kind: 'file', path: join(dir, 'two-seconds.mp4'), loop: true },
    analysisFps: 10,
    queueCapacity: 2,
  });
  t.after(() => feed.stop());
  const first = await feed.pull();
  assert.equal(first?.seq, 0);
  await delay(1200);
  const s = feed.status();
  assert.ok(s.framesDropped >= 6, `${s.framesDropped} dropped`);
  assert.ok(s.queued <= 2);
  assert.equal(s.framesReceived, s.framesPulled + s.framesDropped + s.queued);
  const next = await feed.pull();
  assert.ok(next && next.seq >= s.framesReceived - 2, 'the freshest frames are kept');
  await feed.stop();
  assert.equal(await feed.pull(), undefined, 'nothing left after stop');
});

test('sources that cannot work fail at once, without retrying', async (t) => {
  for (const source of [
    { kind: 'file', path: join(dir, 'missing.mp4') },
    { kind: 'folder', path: join(dir, 'no-such-folder') },
    { kind: 'rtsp', url: 'http://127.0.0.1:1/not-rtsp' },
  ] as const) {
    const { feed, frames, consumed } = watch(t, { source, analysisFps: 5 });
    await consumed;
    const s = feed.status();
    assert.equal(s.state, 'failed', JSON.stringify(source));
    assert.deepEqual([frames.length, s.reconnects], [0, 0]);
    assert.ok((s.lastError ?? '').length > 10);
  }
});

test('only a camera URL may be MJPEG or an HLS playlist; MJPEG is timed by arrival', () => {
  const formats = (args: string[]) => args[args.indexOf('-format_whitelist') + 1] ?? '';
  const video = inputArgs({ kind: 'url', url: 'https://example.org/clip.mp4' });
  assert.doesNotMatch(formats(video), /hls|mpjpeg/, 'a video at a URL cannot be a playlist');
  const camera = inputArgs({ kind: 'url', url: 'http://cam.local/stream', live: { arrivalTimestamps: true } });
  assert.match(formats(camera), /mpjpeg.*hls/);
  assert.deepEqual(camera.slice(camera.indexOf('-use_wallclock_as_timestamps'), -2), [
    '-use_wallclock_as_timestamps',
    '1',
    '-rw_timeout',
    '15000000',
  ]);
  assert.doesNotMatch(inputArgs({ kind: 'file', path: 'x.mp4' }).join(' '), /hls|wallclock/);
});

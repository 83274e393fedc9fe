// Video decoding through ffmpeg on the shared clips, damaged files, limits and early stops.
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeArgs,
  defaultVideoLimits,
  FrameAssembler,
  openVideo,
  outputSize,
  probeVideo,
  VideoError,
  withVideoBytes,
  type VideoFrame,
  type VideoFrames,
} from './ffmpeg-frames.ts';
import { classifyFailure, inputArgs, parseProbe, redact } from './video-source.ts';
import { sharedPath } from '../shared/paths.ts';

const clip = (...p: string[]) => sharedPath('data', 'video', ...p);
const street = clip('facenet_pytorch', 'video.mp4');
const fromBehind = clip('intel_sample_videos', 'one-by-one-person-detection.mp4');
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-ffmpeg-test-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function collect(frames: VideoFrames): Promise<VideoFrame[]> {
  const out: VideoFrame[] = [];
  for await (const f of frames) out.push(f);
  return out;
}

const rejectsWith = (p: Promise<unknown>, code: string) =>
  assert.rejects(p, (e: unknown) => e instanceof VideoError && e.code === code && e.message.length > 10);

/** An ffmpeg that records its pid, so a test can check the process is gone. */
async function recordingFfmpeg(name: string): Promise<{ ffmpeg: string; ffprobe: string; pid: () => Promise<number> }> {
  const pidFile = join(dir, `${name}.pid`);
  const ffmpeg = join(dir, `${name}.sh`);
  await writeFile(ffmpeg, `#!/bin/sh\necho $$ > '${pidFile}'\nexec ffmpeg "$@"\n`);
  await chmod(ffmpeg, 0o700);
  return { ffmpeg, ffprobe: 'ffprobe', pid: async () => Number(await readFile(pidFile, 'utf8')) };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('FrameAssembler cuts any chunking into exact frames', () => {
  const bytes = Uint8Array.from({ length: 37 }, (_, i) => i);
  for (const size of [1, 2, 5, 6, 37, 40]) {
    const a = new FrameAssembler(6);
    const frames: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; at += size) frames.push(...a.push(bytes.subarray(at, at + size)));
    assert.equal(frames.length, 6, `chunks of ${size}`);
    assert.deepEqual([...frames[5]!], [30, 31, 32, 33, 34, 35]);
    assert.equal(a.pendingBytes, 1);
    assert.notEqual(frames[0]!.buffer, frames[1]!.buffer, 'each frame is its own buffer');
  }
});

test('parseProbe reads size, rate, duration and codec; applies rotation and pixel aspect', () => {
  const stream = { codec_type: 'video', codec_name: 'h264', width: 1920, height: 1080, avg_frame_rate: '30000/1001' };
  const info = parseProbe({
    streams: [{ codec_type: 'audio' }, stream],
    format: { format_name: 'mp4', duration: '2.5' },
  });
  assert.deepEqual(info, {
    container: 'mp4',
    codec: 'h264',
    width: 1920,
    height: 1080,
    fps: 30000 / 1001,
    durationMs: 2500,
    rotation: 0,
  });
  const portrait = parseProbe({ streams: [{ ...stream, side_data_list: [{ rotation: -90 }] }], format: {} });
  assert.deepEqual(
    [portrait.width, portrait.height, portrait.rotation, portrait.durationMs],
    [1080, 1920, 90, undefined],
  );
  const anamorphic = parseProbe({ streams: [{ ...stream, width: 720, height: 576, sample_aspect_ratio: '16:15' }] });
  assert.equal(anamorphic.width, 768);
  assert.equal(parseProbe({ streams: [{ ...stream, avg_frame_rate: '0/0', r_frame_rate: '25/1' }] }).fps, 25);
  assert.throws(() => parseProbe({ streams: [{ codec_type: 'audio' }] }), /no video stream/);
});

test('ffmpeg messages become error codes; URLs are whitelisted and passwords redacted', () => {
  assert.equal(classifyFailure('[mov @ 0x1] moov atom not found\nx: Invalid data').code, 'truncated');
  assert.equal(
    classifyFailure("[image2 @ 0x5] Format not on whitelist 'mov'\nx: Invalid argument").code,
    'not-a-video',
  );
  assert.equal(classifyFailure('x: Invalid data found when processing input').code, 'not-a-video');
  assert.equal(classifyFailure('something odd').code, 'decode-failed');
  assert.deepEqual(inputArgs({ kind: 'file', path: '/v/a:b.mp4' }).slice(-2), ['-i', 'file:/v/a:b.mp4']);
  assert.ok(inputArgs({ kind: 'url', url: 'rtsp://cam/1' }).includes('rtsp'));
  assert.throws(() => inputArgs({ kind: 'url', url: 'file:///etc/passwd' }), /only http\(s\) and rtsp\(s\)/);
  assert.equal(redact('rtsp://admin:s3cret@cam/1 failed'), 'rtsp://admin:***@cam/1 failed');
  const args = decodeArgs(
    { kind: 'file', path: '/v.mp4' },
    { fps: 2, width: 640, height: 360, limits: defaultVideoLimits },
  );
  assert.ok(args.includes('-nostdin') && args.includes('fps=2:eof_action=pass,scale=640:360:flags=area'));
  assert.deepEqual(outputSize({ width: 1920, height: 1080 } as never, 640), { width: 640, height: 360 });
});

test('probes the street clip', async () => {
  const info = await probeVideo({ kind: 'file', path: street });
  assert.deepEqual([info.width, info.height, info.fps, info.codec], [1920, 1080, 25, 'h264']);
  assert.ok(Math.abs(info.durationMs! - 4200) < 50);
});

test('decodes at a sampling rate and width: exact frames with timestamps on the grid', async () => {
  const frames = await openVideo({ kind: 'file', path: street }, { fps: 2, maxWidth: 640 });
  assert.deepEqual(frames.output, { width: 640, height: 360, fps: 2 });
  const got = await collect(frames);
  assert.equal(got.length, 9);
  assert.deepEqual(
    got.map((f) => f.timestampMs),
    [0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000],
  );
  assert.ok(got.every((f) => f.image.data.length === 640 * 360 * 3));
  const mean = got[4]!.image.data.reduce((s, v) => s + v, 0) / got[4]!.image.data.length;
  assert.ok(mean > 20 && mean < 235, `real pixels, mean ${mean}`);
  assert.deepEqual(frames.warnings, []);
  assert.throws(() => frames[Symbol.asyncIterator](), /only once/);
});

test('decodes a GIF and a five-frame clip; a clip shorter than one interval still gives frame 0', async () => {
  const gif = await collect(await openVideo({ kind: 'file', path: clip('intel_sample_videos', 'classroom.gif') }));
  assert.equal(gif.length, 45);
  assert.equal(gif[0]!.image.width, 480);
  const tiny = await collect(await openVideo({ kind: 'file', path: clip('face_api_js', 'video.mp4') }, { fps: 1 }));
  assert.equal(tiny.length, 1);
});

test('rotation metadata is applied: frames come out as a player shows them', async () => {
  const rotated = join(dir, 'rotated.mp4');
  const src = clip('face_api_js', 'video.mp4');
  const made = spawnSync('ffmpeg', [
    '-loglevel',
    'error',
    '-i',
    src,
    '-c',
    'copy',
    '-metadata:s:v',
    'rotate=90',
    rotated,
  ]);
  assert.equal(made.status, 0, String(made.stderr));
  const frames = await openVideo({ kind: 'file', path: rotated });
  assert.deepEqual([frames.info.width, frames.info.height, frames.info.rotation], [460, 820, 270]);
  const [upright] = await collect(frames);
  const [plain] = await collect(await openVideo({ kind: 'file', path: src }));
  assert.deepEqual([upright!.image.width, upright!.image.height], [460, 820]);
  const topRight = (820 - 1) * 3;
  assert.deepEqual([...upright!.image.data.subarray(0, 3)], [...plain!.image.data.subarray(topRight, topRight + 3)]);
});

test('stopping early kills ffmpeg', async () => {
  const tools = await recordingFfmpeg('early');
  const frames = await openVideo({ kind: 'file', path: fromBehind }, { tools });
  let n = 0;
  for await (const _ of frames) if (++n === 2) break;
  assert.equal(alive(await tools.pid()), false);
});

test('an abort signal kills ffmpeg and rejects with its reason', async () => {
  const tools = await recordingFfmpeg('abort');
  const ac = new AbortController();
  const frames = await openVideo({ kind: 'file', path: fromBehind }, { tools, signal: ac.signal });
  await assert.rejects(
    (async () => {
      for await (const f of frames) if (f.index === 1) ac.abort(new Error('stopped by the user'));
    })(),
    /stopped by the user/,
  );
  assert.equal(alive(await tools.pid()), false);
});

test('the frame limit stops decoding with a warning', async () => {
  const frames = await openVideo(
    { kind: 'file', path: fromBehind },
    { fps: 1, maxWidth: 160, limits: { maxFrames: 3 } },
  );
  assert.equal((await collect(frames)).length, 3);
  assert.deepEqual(
    frames.warnings.map((w) => w.code),
    ['frame-limit'],
  );
});

test('an MP4 cut before its index (60% of the street clip) is refused as truncated', async () => {
  const bytes = await readFile(street);
  await withVideoBytes(bytes.subarray(0, Math.floor(bytes.length * 0.6)), { dir }, async (source) => {
    await rejectsWith(openVideo(source), 'truncated');
  });
});

test('an MP4 cut after its index gives the frames that decode, then a truncated warning', async () => {
  const bytes = await readFile(fromBehind);
  const frames = await withVideoBytes(bytes.subarray(0, Math.floor(bytes.length * 0.3)), { dir }, async (source) => {
    const f = await openVideo(source, { fps: 0.5, maxWidth: 160 });
    return { got: await collect(f), warnings: f.warnings };
  });
  assert.ok(frames.got.length >= 15 && frames.got.length < 40, `${frames.got.length} frames`);
  assert.deepEqual(
    frames.warnings.map((w) => w.code),
    ['truncated'],
  );
  assert.match(frames.warnings[0]!.message, /of 139\.4 s/);
});

test('refuses what is not a video, empty, missing, too long, too large, and a missing ffmpeg', async () => {
  const jpeg = sharedPath('data', 'lfw', 'images', 'Aaron_Peirsol', 'Aaron_Peirsol_0001.jpg');
  await rejectsWith(probeVideo({ kind: 'file', path: jpeg }), 'not-a-video');
  const playlist = Buffer.from('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n');
  await withVideoBytes(playlist, { dir }, (source) => rejectsWith(probeVideo(source), 'not-a-video'));
  await withVideoBytes(Buffer.from('hello, not a video'), { dir }, (s) => rejectsWith(probeVideo(s), 'not-a-video'));
  await rejectsWith(
    withVideoBytes(new Uint8Array(0), { dir }, async () => 1),
    'empty',
  );
  await rejectsWith(probeVideo({ kind: 'file', path: join(dir, 'nothing.mp4') }), 'not-found');
  await rejectsWith(probeVideo({ kind: 'file', path: street }, { limits: { maxDurationMs: 1000 } }), 'too-long');
  await rejectsWith(probeVideo({ kind: 'file', path: street }, { limits: { maxPixels: 1_000_000 } }), 'too-large');
  await rejectsWith(probeVideo({ kind: 'file', path: street }, { limits: { maxBytes: 1000 } }), 'too-large');
  const none = { ffmpeg: join(dir, 'no-ffmpeg'), ffprobe: join(dir, 'no-ffprobe') };
  await rejectsWith(probeVideo({ kind: 'file', path: street }, { tools: none }), 'ffmpeg-missing');
  const frames = await openVideo({ kind: 'file', path: street }, { tools: { ...none, ffprobe: 'ffprobe' } });
  await rejectsWith(collect(frames), 'ffmpeg-missing');
});

test('uploaded bytes live in a private temporary file only while they are used', async () => {
  const bytes = await readFile(clip('face_api_js', 'video.mp4'));
  let seen = '';
  const n = await withVideoBytes(bytes, { dir }, async (source) => {
    assert.equal(source.kind, 'file');
    seen = source.kind === 'file' ? source.path : '';
    assert.equal((await stat(seen)).mode & 0o777, 0o600);
    return (await collect(await openVideo(source))).length;
  });
  assert.equal(n, 5);
  await assert.rejects(stat(seen));
  await assert.rejects(
    withVideoBytes(bytes, { dir }, () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.deepEqual(
    (await readdir(dir)).filter((f) => f.startsWith('vigil-video-')),
    [],
  );
});

test('decodes over http (with range requests, as an MP4 with its index at the end needs)', async () => {
  const bytes = await readFile(street);
  const server: Server = createServer((req, res) => {
    const m = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    const from = m ? Number(m[1]) : 0;
    const to = m && m[2] ? Number(m[2]) + 1 : bytes.length;
    res.writeHead(m ? 206 : 200, {
      'content-type': 'video/mp4',
      'accept-ranges': 'bytes',
      'content-length': to - from,
      ...(m ? { 'content-range': `bytes ${from}-${to - 1}/${bytes.length}` } : {}),
    });
    res.end(bytes.subarray(from, to));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v.mp4`;
    const frames = await collect(await openVideo({ kind: 'url', url }, { fps: 1, maxWidth: 320 }));
    assert.equal(frames.length, 5);
  } finally {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

// The local RTSP camera used by the live tests: message parsing, playing to ffprobe and ffmpeg,
// going offline and back, a clip played once, and no publisher left behind.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RtspStreamParser, startRtspTestServer } from './support/rtsp-server.ts';
import { sharedPath } from '../src/shared/paths.ts';

const street = sharedPath('data', 'video', 'facenet_pytorch', 'video.mp4');
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-rtsp-test-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** ffprobe on a URL, asynchronously: the server answers from this process's event loop. */
const probe = (url: string) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((done) => {
    const args = ['-v', 'error', '-rtsp_transport', 'tcp', '-of', 'json', '-show_streams', url];
    execFile('ffprobe', args, { timeout: 20_000 }, (err, stdout, stderr) =>
      done({ status: err ? Number(err.code ?? 1) || 1 : 0, stdout, stderr }),
    );
  });

test('the parser splits messages (with bodies) and interleaved packets, whatever the chunking', () => {
  const sdp = 'v=0\r\nm=video 0 RTP/AVP 96\r\n';
  const bytes = Buffer.concat([
    Buffer.from(`ANNOUNCE rtsp://h/x RTSP/1.0\r\nCSeq: 2\r\nContent-Length: ${sdp.length}\r\n\r\n${sdp}`),
    Buffer.from([0x24, 1, 0, 3, 7, 8, 9]),
    Buffer.from('OPTIONS * RTSP/1.0\r\nCSeq: 3\r\n\r\n'),
  ]);
  for (const size of [1, 5, 64, bytes.length]) {
    const parser = new RtspStreamParser();
    const out = [];
    for (let at = 0; at < bytes.length; at += size) out.push(...parser.push(bytes.subarray(at, at + size)));
    assert.equal(out.length, 3, `chunks of ${size}`);
    const [announce, data, options] = out;
    assert.ok(announce?.kind === 'message' && announce.body.toString() === sdp);
    assert.equal(announce.headers.get('cseq'), '2');
    assert.ok(data?.kind === 'data' && data.channel === 1 && [...data.raw].join() === '36,1,0,3,7,8,9');
    assert.ok(options?.kind === 'message' && options.line.startsWith('OPTIONS'));
  }
});

test('serves the street clip over RTSP; offline refuses players; back online serves again', async () => {
  const server = await startRtspTestServer({ clip: street });
  try {
    const first = await probe(server.url);
    assert.equal(first.status, 0, first.stderr);
    const stream = (JSON.parse(first.stdout) as { streams: Record<string, unknown>[] }).streams[0];
    assert.deepEqual([stream?.['codec_name'], stream?.['width'], stream?.['height']], ['h264', 1920, 1080]);
    assert.notEqual((await probe(server.url.replace('/live', '/other'))).status, 0, 'unknown path: 404');
    await server.setAvailable(false);
    const refused = await probe(server.url);
    assert.notEqual(refused.status, 0);
    await server.setAvailable(true);
    assert.equal((await probe(server.url)).status, 0);
    const deadline = Date.now() + 2000;
    while (server.publisherPids().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(server.publisherPids(), [], 'a player that leaves stops its publisher');
  } finally {
    await server.stop();
  }
});

test('a clip played once ends the stream; a transcoded clip plays; drop kills the publishers', async () => {
  const clip = join(dir, 'mpeg4.avi');
  const made = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=10', '-t', '1'].concat(['-c:v', 'mpeg4', clip]),
  );
  assert.equal(made.status, 0);
  const server = await startRtspTestServer({ clip, loop: false, codec: 'h264', maxWidth: 320 });
  try {
    const started = Date.now();
    const args = [
      '-v',
      'error',
      '-rtsp_transport',
      'tcp',
      '-i',
      server.url,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ];
    const player = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let bytes = 0;
    player.stdout.on('data', (d: Buffer) => (bytes += d.length));
    const code = await new Promise<number | null>((done) => player.on('close', done));
    assert.equal(code, 0);
    const frames = bytes / (320 * 240 * 3);
    assert.ok(frames >= 8 && frames <= 11, `${frames} frames of 320x240 from a 1 s clip at 10 fps`);
    assert.ok(Date.now() - started < 10_000);

    const looping = await startRtspTestServer({ clip: street });
    try {
      const watcher = spawn('ffmpeg', ['-v', 'error', '-rtsp_transport', 'tcp', '-i', looping.url, '-f', 'null', '-']);
      const ended = new Promise<void>((done) => watcher.on('close', () => done()));
      while (looping.publisherPids().length === 0) await new Promise((r) => setTimeout(r, 20));
      const [pid] = looping.publisherPids();
      await looping.dropConnections();
      await ended;
      assert.throws(() => process.kill(pid!, 0), 'the publisher is gone');
    } finally {
      await looping.stop();
    }
  } finally {
    await server.stop();
  }
});

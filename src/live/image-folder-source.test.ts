// A folder of images played as a camera: order, sampling, looping, scaling, broken files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { listImages, openImageFolder, sampledImage } from './image-folder-source.ts';
import type { VideoFrame } from '../video/ffmpeg-frames.ts';

let dir: string;
const names = ['frame10.png', 'frame2.png', 'frame1.jpg'];
const colours: Record<string, number> = { 'frame1.jpg': 10, 'frame2.png': 120, 'frame10.png': 240 };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-folder-test-'));
  for (const name of names) {
    const v = colours[name] ?? 0;
    const img = sharp({ create: { width: 64, height: 32, channels: 3, background: { r: v, g: v, b: v } } });
    await (name.endsWith('.png') ? img.png() : img.jpeg()).toFile(join(dir, name));
  }
  await writeFile(join(dir, 'notes.txt'), 'not an image');
  await writeFile(join(dir, '.hidden.png'), 'hidden');
});
after(() => rm(dir, { recursive: true, force: true }));

const grey = (f: VideoFrame) => f.image.data[0] ?? -1;
async function take(it: AsyncIterable<VideoFrame>, max: number): Promise<VideoFrame[]> {
  const out: VideoFrame[] = [];
  for await (const f of it) {
    out.push(f);
    if (out.length >= max) break;
  }
  return out;
}

test('images play in natural name order, other files ignored', async () => {
  assert.deepEqual(await listImages(dir), ['frame1.jpg', 'frame2.png', 'frame10.png']);
  const folder = await openImageFolder(dir, { fps: 2 });
  const frames = await take(folder, 10);
  assert.deepEqual(
    frames.map((f) => [f.index, f.timestampMs]),
    [
      [0, 0],
      [1, 500],
      [2, 1000],
    ],
  );
  assert.ok(Math.abs(grey(frames[0]!) - 10) <= 3 && grey(frames[1]!) === 120 && grey(frames[2]!) === 240);
});

test('sampling below the folder rate skips images; looping goes round; maxWidth scales down', async () => {
  assert.deepEqual(
    [0, 1, 2, 3].map((n) => sampledImage(n, 6, 4)),
    [0, 2, 3, 5],
  );
  const folder = await openImageFolder(dir, { fps: 2, analysisFps: 1, loop: true, maxWidth: 32 });
  assert.equal(folder.fps, 1);
  const frames = await take(folder, 4); // images 0, 2, 4 = 1, 6 = 0
  assert.deepEqual(frames.map(grey).slice(1, 3), [240, 120]);
  assert.ok(Math.abs(grey(frames[3]!) - 10) <= 3, 'round to the first image again');
  assert.deepEqual(
    [frames[0]!.image.width, frames[0]!.image.height, frames[0]!.image.data.length],
    [32, 16, 32 * 16 * 3],
  );
  assert.deepEqual(
    frames.map((f) => f.timestampMs),
    [0, 1000, 2000, 3000],
  );
});

test('a broken image is skipped with a warning; a folder without images is refused', async () => {
  const broken = join(dir, 'broken');
  await mkdir(broken);
  await writeFile(join(broken, 'a.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0, 1, 2]));
  await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .png()
    .toFile(join(broken, 'b.png'));
  const folder = await openImageFolder(broken, { fps: 10 });
  const frames = await take(folder, 5);
  assert.equal(frames.length, 1);
  assert.match(folder.warnings[0]?.message ?? '', /a\.jpg skipped/);
  await assert.rejects(openImageFolder(join(dir, 'missing'), { fps: 1 }), { code: 'not-found' });
  const empty = join(dir, 'empty');
  await mkdir(empty);
  await assert.rejects(openImageFolder(empty, { fps: 1 }), { code: 'not-a-video' });
});

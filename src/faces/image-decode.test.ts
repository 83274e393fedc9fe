// Bad input gets a clear error, never a crash: corrupt, truncated, empty, huge, mislabelled and
// non-image files, and the formats Vigil accepts (JPEG, PNG, WebP, GIF, TIFF) with EXIF orientation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { crc32, deflateSync } from 'node:zlib';
import { decodeImage, DEFAULT_MAX_PIXELS, ImageError, type ImageErrorCode } from './image-decode.ts';
import { sharedPath } from '../shared/paths.ts';

const lfwJpeg = sharedPath('data', 'lfw', 'images', 'Aaron_Peirsol', 'Aaron_Peirsol_0001.jpg');

async function refusedWith(bytes: Uint8Array, code: ImageErrorCode, limits?: { maxBytes: number; maxPixels: number }) {
  await assert.rejects(decodeImage(bytes, limits), (err: unknown) => {
    assert.ok(err instanceof ImageError, `expected ImageError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.ok(err.message.length > 10);
    return true;
  });
}

test('decodes a real JPEG to RGB of the right size', async () => {
  const img = await decodeImage(await readFile(lfwJpeg));
  assert.equal(img.format, 'jpeg');
  assert.equal(img.width, 250);
  assert.equal(img.height, 250);
  assert.equal(img.data.length, 250 * 250 * 3);
});

test('decodes PNG with alpha, WebP, TIFF and the first frame of a GIF', async () => {
  const base = sharp({
    create: { width: 40, height: 30, channels: 4, background: { r: 200, g: 10, b: 10, alpha: 0.5 } },
  });
  for (const format of ['png', 'webp', 'tiff', 'gif'] as const) {
    const bytes = await base.clone().toFormat(format).toBuffer();
    const img = await decodeImage(bytes);
    assert.equal(img.format, format);
    assert.equal(img.width, 40);
    assert.equal(img.height, 30);
    assert.equal(img.data.length, 40 * 30 * 3);
  }
  const gif = await readFile(sharedPath('data', 'video', 'intel_sample_videos', 'face-demographics-walking.gif')).catch(
    () => undefined,
  );
  if (gif) {
    const img = await decodeImage(gif);
    assert.equal(img.format, 'gif');
    assert.equal(img.data.length, img.width * img.height * 3, 'one frame only');
  }
});

test('applies EXIF orientation', async () => {
  const bytes = await sharp({ create: { width: 60, height: 20, channels: 3, background: '#808080' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const img = await decodeImage(bytes);
  assert.equal(img.width, 20, 'rotated 90 degrees');
  assert.equal(img.height, 60);
  assert.equal(img.sourceWidth, 60);
});

test('a PNG named .jpg decodes by its content', async () => {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
    .png()
    .toBuffer();
  assert.equal((await decodeImage(png)).format, 'png');
});

test('refuses an empty file', () => refusedWith(new Uint8Array(0), 'empty'));

test('refuses a file that is not an image', () =>
  refusedWith(new TextEncoder().encode('%PDF-1.4 this is not an image\n'.repeat(20)), 'not-an-image'));

test('refuses random bytes', () =>
  refusedWith(
    Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251),
    'not-an-image',
  ));

test('refuses a truncated JPEG', async () => {
  const bytes = await readFile(lfwJpeg);
  await refusedWith(bytes.subarray(0, Math.floor(bytes.length / 2)), 'corrupt');
});

test('refuses a JPEG whose body is overwritten with garbage', async () => {
  const bytes = new Uint8Array(await readFile(lfwJpeg));
  for (let i = 600; i < bytes.length - 2; i++) bytes[i] = 0xff;
  await refusedWith(bytes, 'corrupt');
});

test('refuses a 100-megapixel image from its header without decoding it', async () => {
  // A decompression bomb: 10000 x 10000 pixels of one colour compress to a small PNG.
  const bomb = await sharp({ create: { width: 10000, height: 10000, channels: 3, background: '#ffffff' } })
    .png({ compressionLevel: 9 })
    .toBuffer();
  assert.ok(bomb.length < 2_000_000, `bomb is ${bomb.length} bytes`);
  const before = process.memoryUsage().rss;
  await refusedWith(bomb, 'too-many-pixels');
  assert.ok(process.memoryUsage().rss - before < 200_000_000, 'the pixels were not decoded');
});

/** A PNG with an IHDR for width x height (8-bit RGB) and one tiny IDAT: a header, next to no pixels. */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([
      signature,
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(16))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

test('issue 12: a 49-megapixel PNG is refused by default from its header, with the limit and what to do', async () => {
  assert.equal(DEFAULT_MAX_PIXELS, 25_000_000);
  // 7000 x 7000: the file has no pixel data at all, so only a header check can give this reason.
  const err = await decodeImage(pngHeaderOnly(7000, 7000)).catch((e: unknown) => e);
  assert.ok(err instanceof ImageError, String(err));
  assert.equal(err.code, 'too-many-pixels');
  assert.match(err.message, /7000x7000 \(49\.0 megapixels\); the limit is 25\.0 megapixels \(limits\.maxImagePixels\)/);
  assert.match(err.message, /lower resolution or crop/);
  // A 24 MP camera's still is within the default.
  const ok = await decodeImage(pngHeaderOnly(6000, 4000)).catch((e: unknown) => e);
  assert.ok(
    ok instanceof ImageError && ok.code === 'corrupt',
    'passes the size check, then fails only for lack of pixels',
  );
});

test('refuses files over the byte limit', async () => {
  const bytes = await readFile(lfwJpeg);
  await refusedWith(bytes, 'too-many-bytes', { maxBytes: 1000, maxPixels: 1e9 });
});

test('refuses image formats outside the accepted list', async () => {
  const svg = new TextEncoder().encode(
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
  );
  await refusedWith(svg, 'unsupported-format');
});

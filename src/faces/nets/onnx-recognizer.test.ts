import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTinyRecognizer } from '../../../test/support/models.ts';
import type { TinyRecognizerSpec } from '../../../test/support/models.ts';
import { sharedPath } from '../../shared/paths.ts';
import type { RgbImage } from '../types.ts';
import { arcfacePreprocessing, chipsToTensorData, createOnnxRecognizer } from './onnx-recognizer.ts';

function chip(seed: number, side = 112): RgbImage {
  const data = new Uint8Array(side * side * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + seed * 97 + ((i * seed) >> 5)) & 0xff;
  return { width: side, height: side, data };
}

async function withModel(spec: TinyRecognizerSpec, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-recognizer-'));
  try {
    const path = join(dir, 'tiny.onnx');
    await writeFile(path, buildTinyRecognizer(spec));
    await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('chips are normalised to (pixel - 127.5) / 127.5 in NCHW or NHWC, RGB or BGR', () => {
  const c: RgbImage = { width: 1, height: 1, data: Uint8Array.from([255, 0, 127]) };
  const f = Math.fround;
  const nchw = chipsToTensorData([c, c], 'nchw', arcfacePreprocessing, 1);
  assert.deepEqual([...nchw], [1, -1, f(-0.5 / 127.5), 1, -1, f(-0.5 / 127.5)]);
  const bgr = chipsToTensorData([c], 'nhwc', { mean: 0, std: 255, channelOrder: 'bgr' }, 1);
  assert.deepEqual([...bgr], [f(127 / 255), 0, 1]);
  const square: RgbImage = { width: 2, height: 2, data: Uint8Array.from({ length: 12 }, (_, i) => i) };
  const raw = { mean: 0, std: 1, channelOrder: 'rgb' } as const;
  assert.deepEqual([...chipsToTensorData([square], 'nchw', raw, 2)], [0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]);
  assert.deepEqual([...chipsToTensorData([square], 'nhwc', raw, 2)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.throws(() => chipsToTensorData([chip(1, 100)], 'nchw', arcfacePreprocessing), /chip 0 is 100x100/);
});

test('an arcface-shaped model embeds two 112x112 chips to vectors of its own dimension', () =>
  withModel({ dimensions: 256 }, async (path) => {
    const rec = await createOnnxRecognizer({ modelId: 'arcface-test', modelPath: path });
    try {
      assert.equal(rec.alignment, 'arcface-112');
      assert.equal(rec.chipSize, 112);
      assert.equal(rec.dimensions, 256);
      assert.equal(rec.layout, 'nchw');
      assert.equal(rec.fixedBatch, null);
      const [a, b] = await rec.embed([chip(1), chip(2)]);
      assert.ok(a && b);
      assert.equal(a.length, 256);
      assert.equal(b.length, 256);
      assert.ok(a.every(Number.isFinite));
      assert.notDeepEqual(a, b);
      const [alone] = await rec.embed([chip(2)]);
      assert.ok(alone);
      for (let i = 0; i < 256; i++) assert.ok(Math.abs((alone[i] ?? 0) - (b[i] ?? 0)) < 1e-5);
      assert.deepEqual(await rec.embed([]), []);
    } finally {
      await rec.close();
    }
  }));

test('a fixed-batch NHWC model is fed one chip at a time', () =>
  withModel({ layout: 'nhwc', batch: 1, dimensions: 128 }, async (path) => {
    const rec = await createOnnxRecognizer({ modelId: 'nhwc', modelPath: path, threads: 1 });
    try {
      assert.equal(rec.layout, 'nhwc');
      assert.equal(rec.fixedBatch, 1);
      const out = await rec.embed([chip(3), chip(4), chip(5)]);
      assert.deepEqual(
        out.map((v) => v.length),
        [128, 128, 128],
      );
    } finally {
      await rec.close();
    }
  }));

test('a model that is not arcface-shaped is refused', async () => {
  const yunet = sharedPath('models', 'yunet', 'face_detection_yunet_2026may.onnx');
  await assert.rejects(
    createOnnxRecognizer({ modelId: 'x', modelPath: yunet }),
    /not an arcface-style recognizer: input input float32\[1,3,height,width\] should be \[N,3,112,112\]/,
  );
});

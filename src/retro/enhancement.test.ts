// The R36 enhancement chain: exact step semantics, order, determinism, and errors naming the step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { applyEnhancements, describeChain, EnhancementError, parseChain, type EnhancementStep } from './enhancement.ts';
import { sharedPath } from '../shared/paths.ts';

const lfw = sharedPath('data', 'lfw', 'images', 'Aaron_Peirsol', 'Aaron_Peirsol_0001.jpg');

/** A 3x2 PNG: top row red, green, blue; bottom row black, mid grey, white. */
const pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 100, 100, 100, 255, 255, 255];
const tiny = () =>
  sharp(Buffer.from(pixels), { raw: { width: 3, height: 2, channels: 3 } })
    .png()
    .toBuffer();

async function rgb(png: Buffer): Promise<{ width: number; height: number; data: number[] }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  return { width: info.width, height: info.height, data: [...data] };
}

const rejectsAt = (p: Promise<unknown>, code: string, stepIndex: number | undefined, message: RegExp) =>
  assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof EnhancementError);
    assert.equal(e.code, code);
    assert.equal(e.stepIndex, stepIndex);
    assert.match(e.message, message);
    return true;
  });

test('each step does exactly what the audit record says', async () => {
  const run = async (steps: EnhancementStep[]) => rgb((await applyEnhancements(await tiny(), steps)).image);
  assert.deepEqual((await run([])).data, pixels);
  assert.deepEqual(
    (await run([{ op: 'brightness', factor: 2 }])).data.slice(9),
    [0, 0, 0, 200, 200, 200, 255, 255, 255],
  );
  assert.deepEqual(
    (await run([{ op: 'contrast', factor: 0.5 }])).data.slice(9),
    [64, 64, 64, 114, 114, 114, 191, 191, 191],
  );
  const grey = (await run([{ op: 'grayscale' }])).data;
  assert.deepEqual(grey.slice(0, 9), [76, 76, 76, 149, 149, 149, 29, 29, 29], 'luma 0.299 R + 0.587 G + 0.114 B');
  assert.deepEqual(
    (await run([{ op: 'flip', axis: 'horizontal' }])).data.slice(0, 9),
    [0, 0, 255, 0, 255, 0, 255, 0, 0],
  );
  assert.deepEqual((await run([{ op: 'flip', axis: 'vertical' }])).data.slice(0, 9), pixels.slice(9));
  const turned = await run([{ op: 'rotate', degrees: 90 }]);
  assert.deepEqual([turned.width, turned.height], [2, 3]);
  assert.deepEqual(turned.data.slice(0, 6), [0, 0, 0, 255, 0, 0], 'clockwise: the bottom-left pixel goes top-left');
  const crop = await run([{ op: 'crop', x: 1, y: 1, width: 2, height: 1 }]);
  assert.deepEqual(crop, { width: 2, height: 1, data: [100, 100, 100, 255, 255, 255] });
});

test('any angle expands the canvas and fills the corners black', async () => {
  const r = await applyEnhancements(await readFile(lfw), [{ op: 'rotate', degrees: 30 }]);
  assert.ok(r.width > 300 && r.height > 300, `${r.width}x${r.height}`);
  const { data } = await rgb(r.image);
  assert.deepEqual(data.slice(0, 3), [0, 0, 0]);
});

test('the same input and chain give byte-identical PNG; the order of steps matters', async () => {
  const bytes = await readFile(lfw);
  const chain: EnhancementStep[] = [
    { op: 'crop', x: 60, y: 50, width: 130, height: 160 },
    { op: 'rotate', degrees: -12.5 },
    { op: 'brightness', factor: 1.3 },
    { op: 'contrast', factor: 1.4 },
    { op: 'grayscale' },
    { op: 'flip', axis: 'horizontal' },
  ];
  const a = await applyEnhancements(bytes, chain);
  const b = await applyEnhancements(bytes, chain);
  assert.ok(a.image.equals(b.image));
  const meta = await sharp(a.image).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', a.width, a.height]);
  const swapped = await applyEnhancements(bytes, [chain[0]!, chain[3]!, chain[2]!]);
  const inOrder = await applyEnhancements(bytes, [chain[0]!, chain[2]!, chain[3]!]);
  assert.ok(!swapped.image.equals(inOrder.image), 'brightness then contrast differs from contrast then brightness');
});

test('a crop outside the image at its step is an error naming the step', async () => {
  const bytes = await readFile(lfw);
  const ok = { op: 'crop', x: 100, y: 0, width: 150, height: 100 } as const;
  assert.equal((await applyEnhancements(bytes, [ok])).width, 150);
  await rejectsAt(
    applyEnhancements(bytes, [{ op: 'crop', x: 0, y: 0, width: 200, height: 100 }, ok]),
    'crop-outside',
    1,
    /step 2 \(index 1, crop 150x100 at \(100, 0\)\): the crop reaches \(250, 100\) but the image at that step is 200x100/,
  );
});

test('a chain is validated: unknown steps, factors out of range, extra fields, too many steps', async () => {
  const bytes = await tiny();
  const bad = (chain: unknown) => applyEnhancements(bytes, chain as EnhancementStep[]);
  await rejectsAt(bad([{ op: 'grayscale' }, { op: 'sharpen' }]), 'invalid-chain', 1, /step 2 \(index 1\)/);
  await rejectsAt(bad([{ op: 'brightness', factor: 0.1 }]), 'invalid-chain', 0, /step 1 \(index 0\), factor/);
  await rejectsAt(bad([{ op: 'contrast', factor: 6 }]), 'invalid-chain', 0, /factor/);
  await rejectsAt(bad([{ op: 'rotate', degrees: 90, centre: 1 }]), 'invalid-chain', 0, /step 1/);
  await rejectsAt(bad([{ op: 'crop', x: 0.5, y: 0, width: 1, height: 1 }]), 'invalid-chain', 0, /x/);
  await rejectsAt(
    bad(Array.from({ length: 21 }, () => ({ op: 'grayscale' }))),
    'invalid-chain',
    undefined,
    /the chain/,
  );
  assert.equal(parseChain([{ op: 'flip', axis: 'vertical' }]).length, 1);
});

test('a rotation that would exceed the pixel limit is refused at its step', async () => {
  const limits = { maxBytes: 1 << 20, maxPixels: 250 * 250 + 1000 };
  await rejectsAt(
    applyEnhancements(await readFile(lfw), [{ op: 'rotate', degrees: 45 }], limits),
    'too-many-pixels',
    0,
    /step 1 \(index 0, rotate 45 degrees clockwise\): the turned image would be 354x354/,
  );
});

test('describeChain gives one line for the audit record', () => {
  assert.equal(describeChain([]), 'no enhancement (the original image)');
  assert.equal(
    describeChain([
      { op: 'crop', x: 10, y: 20, width: 120, height: 80 },
      { op: 'rotate', degrees: -90 },
      { op: 'brightness', factor: 1.25 },
      { op: 'contrast', factor: 0.8 },
      { op: 'grayscale' },
      { op: 'flip', axis: 'horizontal' },
    ]),
    '1. crop 120x80 at (10, 20); 2. rotate 90 degrees anticlockwise; 3. brightness x1.25; 4. contrast x0.8; ' +
      '5. grayscale; 6. flip left-right',
  );
});

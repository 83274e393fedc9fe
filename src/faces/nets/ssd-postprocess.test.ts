import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSsd, decodeSsdBox } from './ssd-postprocess.ts';

const near = (a: number, b: number, label: string) => assert.ok(Math.abs(a - b) < 1e-6, `${label}: ${a} vs ${b}`);

test('zero offsets decode to the anchor; offsets move centre by /10 and size by exp(/5)', () => {
  const anchors = [0.1, 0.2, 0.3, 0.6];
  assert.deepEqual(
    decodeSsdBox([0, 0, 0, 0], anchors, 0).map((v) => +v.toFixed(9)),
    [0.1, 0.2, 0.3, 0.6],
  );
  const [y0, x0, y1, x1] = decodeSsdBox([10, 5, 5 * Math.log(2), 0], anchors, 0) as [number, number, number, number];
  near((y0 + y1) / 2, 0.2 + 0.2, 'centre y moved by one anchor height');
  near((x0 + x1) / 2, 0.4 + 0.2, 'centre x moved by half an anchor width');
  near(y1 - y0, 0.4, 'height doubled');
  near(x1 - x0, 0.4, 'width unchanged');
});

test('decodeSsd thresholds, suppresses and maps through face-api padding', () => {
  // image 200x100 pads to 200x200 (bottom), so the padded square's 0..0.5 vertical is the image
  const anchors = [0, 0, 0.5, 0.5, 0, 0, 0.5, 0.5, 0.5, 0.5, 1, 1.2];
  const encodings = new Array(12).fill(0);
  const scores = [0.9, 0.8, 0.7];
  const opts = { minScore: 0.5, maxFaces: 10, imageWidth: 200, imageHeight: 100, inputSize: 512 };
  const found = decodeSsd(encodings, scores, anchors, opts);
  assert.equal(found.length, 2, 'second anchor suppressed by the first');
  const [a, b] = found as [(typeof found)[0], (typeof found)[0]];
  assert.equal(a.score, 0.9);
  near(a.box.x, 0, 'x');
  near(a.box.width, 100, 'width');
  near(a.box.height, 100, 'height: 0.5 of the square is the whole image height');
  // clamped at 1 of the square before scaling
  near(b.box.x + b.box.width, 200, 'right edge clamped');
  assert.equal(decodeSsd(encodings, scores, anchors, { ...opts, minScore: 0.75 }).length, 1);
  assert.equal(decodeSsd(encodings, scores, anchors, { ...opts, maxFaces: 1 }).length, 1);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeYunet } from './yunet-postprocess.ts';
import type { YunetLevel } from './yunet-postprocess.ts';

const near = (a: number, b: number, label: string) => assert.ok(Math.abs(a - b) < 1e-6, `${label}: ${a} vs ${b}`);

function level(
  stride: number,
  cells: number,
): YunetLevel & { cls: Float32Array; obj: Float32Array; bbox: Float32Array; kps: Float32Array } {
  return {
    stride,
    cls: new Float32Array(cells),
    obj: new Float32Array(cells),
    bbox: new Float32Array(cells * 4),
    kps: new Float32Array(cells * 10),
  };
}

test('decodeYunet: score, box, landmarks and scale back to the image', () => {
  // 64x32 input: stride 8 has 8x4 cells, 16 has 4x2, 32 has 2x1
  const l8 = level(8, 32);
  const l16 = level(16, 8);
  const l32 = level(32, 2);
  // stride 16, row 1, column 2 (cell 6)
  l16.cls[6] = 0.81;
  l16.obj[6] = 1.2; // clamped to 1
  l16.bbox.set([0.5, 0.25, Math.log(2), 0], 24);
  l16.kps.set([0, 0, 1, 0, 0.5, 0.5, 0, 1, 1, 1], 60);
  // a weaker duplicate at stride 8, same place, suppressed by NMS
  l8.cls[3 * 8 + 5] = 0.5;
  l8.obj[3 * 8 + 5] = 0.5;
  l8.bbox.set([0, 0, Math.log(4), Math.log(2)], (3 * 8 + 5) * 4);
  const found = decodeYunet([l8, l16, l32], {
    inputWidth: 64,
    inputHeight: 32,
    scaleX: 0.5,
    scaleY: 0.5,
    minScore: 0.3,
    maxFaces: 10,
    iouThreshold: 0.3,
  });
  assert.equal(found.length, 1);
  const d = found[0]!;
  near(d.score, 0.9, 'sqrt(0.81 * 1)');
  // centre (2.5 * 16, 1.25 * 16) = (40, 20), size (32, 16), all divided by the 0.5 scale
  near(d.box.x, (40 - 16) * 2, 'x');
  near(d.box.y, (20 - 8) * 2, 'y');
  near(d.box.width, 64, 'width');
  near(d.box.height, 32, 'height');
  const p = d.fivePoints!;
  near(p[0].x, 64, 'eye 1 x');
  near(p[1].x, 96, 'eye 2 x');
  near(p[2].y, 48, 'nose y');
  near(p[4].y, 64, 'mouth y');
});

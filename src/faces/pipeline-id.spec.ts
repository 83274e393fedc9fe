// Issue 17, item 3: one id per pipeline; templates made before keep their id.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pipelineIdOf } from './pipeline-id.ts';
import type { PackSpec } from './packs.ts';

const resnet = { kind: 'faceapi-resnet', modelId: 'faceapi-resnet-c2cf51e45a1f' } as const;
const ssd = { kind: 'faceapi-ssd', modelId: 'faceapi-ssd-44030ca4ed90' } as const;
const tiny = { kind: 'faceapi-tiny', modelId: 'faceapi-tiny-b904a79965e5' } as const;
const landmarks68 = { kind: 'faceapi-landmarks68', modelId: 'faceapi-landmarks68-4c704c0213b9' } as const;
const legacy: PackSpec = { name: 'default', detector: ssd, landmarker: landmarks68, recognizer: resnet };

test("the pipeline before issue 17 keeps the recognizer's id, whichever detector finds the box", () => {
  assert.equal(pipelineIdOf(legacy), resnet.modelId);
  const defaultTiny: PackSpec = { ...legacy, name: 'default-tiny', detector: tiny };
  assert.equal(pipelineIdOf(defaultTiny), resnet.modelId);
});

test('another landmark source, landmarker option or augmentation is another pipeline', () => {
  const yunet: PackSpec = {
    name: 'yunet',
    detector: { kind: 'yunet', modelId: 'yunet-ebafce4e3c11', path: '/m/yunet.onnx' },
    recognizer: resnet,
  };
  const mesh: PackSpec = {
    ...legacy,
    landmarker: { kind: 'mediapipe-facemesh', modelId: 'mediapipe-facemesh-1e20089806a7', options: { passes: 2 } },
  };
  const ids = [
    pipelineIdOf(legacy),
    pipelineIdOf(yunet),
    pipelineIdOf(mesh),
    pipelineIdOf({ ...mesh, landmarker: { ...mesh.landmarker!, options: { passes: 1 } } }),
    pipelineIdOf({ ...mesh, augmentation: { enrolJitters: 4 } }),
    pipelineIdOf({ ...legacy, augmentation: { enrolJitters: 4 } }),
  ];
  assert.equal(new Set(ids).size, ids.length, ids.join('\n'));
  for (const id of ids.slice(1)) assert.match(id, /^faceapi-resnet-c2cf51e45a1f~[0-9a-f]{12}$/);
  const renamed: PackSpec = { ...yunet, name: 'renamed' };
  assert.equal(pipelineIdOf(yunet), pipelineIdOf(renamed), 'the name does not shape a template');
});

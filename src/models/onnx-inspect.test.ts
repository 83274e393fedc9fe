import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedPath } from '../shared/paths.ts';
import { NotOnnxError, arcfaceLayout, checkKind, embeddingDimensions, inspectOnnx } from './onnx-inspect.ts';
import { buildTinyRecognizer } from '../../test/support/models.ts';

const yunetPath = sharedPath('models', 'yunet', 'face_detection_yunet_2026may.onnx');

test('describes the real YuNet file: one dynamic NCHW input and twelve stride heads', async () => {
  const info = await inspectOnnx(yunetPath);
  assert.deepEqual(info.inputs, [{ name: 'input', type: 'float32', dims: [1, 3, 'height', 'width'] }]);
  assert.equal(info.outputs.length, 12);
  assert.deepEqual(
    info.outputs.find((o) => o.name === 'kps_16'),
    {
      name: 'kps_16',
      type: 'float32',
      dims: [1, 'anchors', 10],
    },
  );
  assert.deepEqual(checkKind('yunet', info), []);
});

test('YuNet does not fit the arcface or scrfd kinds, and the reasons name the shapes', async () => {
  const info = await inspectOnnx(yunetPath);
  const asArcface = checkKind('arcface', info);
  assert.ok(asArcface.some((p) => p.includes('input input float32[1,3,height,width] should be [N,3,112,112]')));
  assert.ok(asArcface.some((p) => p.includes('expected exactly one output [N,D]') && p.includes('found 12')));
  const asScrfd = checkKind('scrfd', info);
  assert.equal(asScrfd.length, 1);
  assert.match(asScrfd[0] ?? '', /expected 6 outputs .* or 9 .*found 12/);
});

test('an arcface-shaped model fits arcface (NCHW and NHWC) and reports its embedding size', async () => {
  const nchw = await inspectOnnx(buildTinyRecognizer({ dimensions: 256 }));
  assert.deepEqual(checkKind('arcface', nchw), []);
  assert.equal(embeddingDimensions(nchw), 256);
  assert.equal(nchw.inputs[0] && arcfaceLayout(nchw.inputs[0]), 'nchw');
  const nhwc = await inspectOnnx(buildTinyRecognizer({ layout: 'nhwc', batch: 1 }));
  assert.deepEqual(checkKind('arcface', nhwc), []);
  assert.equal(nhwc.inputs[0] && arcfaceLayout(nhwc.inputs[0]), 'nhwc');
  assert.deepEqual(nhwc.inputs[0]?.dims, [1, 112, 112, 3]);
  assert.ok(checkKind('yunet', nchw).some((p) => p.startsWith('missing YuNet outputs cls_8')));
});

test('wrong-shaped recognizers are refused with the offending shape', async () => {
  const small = checkKind('arcface', await inspectOnnx(buildTinyRecognizer({ dimensions: 64 })));
  assert.deepEqual(small, ['output embedding float32[N,64] should have a fixed embedding size D between 128 and 1024']);
  const big = checkKind('arcface', await inspectOnnx(buildTinyRecognizer({ side: 224 })));
  assert.deepEqual(big, ['input data float32[N,3,224,224] should be [N,3,112,112] or [N,112,112,3]']);
});

test('face-api kinds are not ONNX', () => {
  assert.match(checkKind('faceapi-resnet', { inputs: [], outputs: [] })[0] ?? '', /not ONNX/);
});

test('a file that is not ONNX gets a clear error', async () => {
  const junk = new TextEncoder().encode('this is a JPEG, honestly');
  await assert.rejects(inspectOnnx(junk), (err: unknown) => {
    assert.ok(err instanceof NotOnnxError);
    assert.match(err.message, /24-byte buffer is not a loadable ONNX model: .*protobuf parsing failed/);
    return true;
  });
  await assert.rejects(inspectOnnx('/nonexistent/model.onnx'), /ENOENT/);
});

// A worker or pipeline process holds no gallery index (issue 7): a search there refuses, loudly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../shared/domain-error.ts';
import { noGalleryIndex } from './no-gallery-index.ts';

test('no gallery index: empty, keeps the model, and a search is refused with the reason', async () => {
  const none = noGalleryIndex('faceapi-resnet-000000000000', 128);
  assert.equal(none.opened, 'not-loaded');
  assert.deepEqual(
    [none.index.modelId, none.index.dimensions, none.index.size],
    ['faceapi-resnet-000000000000', 128, 0],
  );
  none.index.add(1, new Float32Array(128));
  assert.equal(none.index.has(1), false);
  assert.throws(
    () => none.index.search(new Float32Array(128), 5),
    (e: unknown) => e instanceof DomainError && e.code === 'no-gallery-index',
  );
  await none.close();
});

// R27: the data set digest an attestation names changes when an image does, not with list order.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { datasetDigest } from './dataset-digest.ts';

it('the digest covers names and contents, in any order', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-digest-'));
  mkdirSync(join(dir, 'images'));
  writeFileSync(join(dir, 'images/a.jpg'), 'one');
  writeFileSync(join(dir, 'images/b.jpg'), 'two');
  const first = await datasetDigest('t', dir, ['images/a.jpg', 'images/b.jpg']);
  assert.equal(first.files, 2);
  assert.equal((await datasetDigest('t', dir, ['images/b.jpg', 'images/a.jpg'])).sha256, first.sha256);
  writeFileSync(join(dir, 'images/b.jpg'), 'tw0');
  assert.notEqual((await datasetDigest('t', dir, ['images/a.jpg', 'images/b.jpg'])).sha256, first.sha256);
  assert.notEqual((await datasetDigest('t', dir, ['images/a.jpg', 'images/c.jpg'])).sha256, first.sha256);
});
